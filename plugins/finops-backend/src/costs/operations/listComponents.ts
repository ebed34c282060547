import { Knex } from 'knex';

/** The catalog components of the mart and their owners. */
export async function listComponents(
  knex: Knex,
): Promise<Array<{ entityRef: string; ownerRef?: string }>> {
  const rows = await knex('dim_application')
    .whereNotNull('entity_ref')
    .whereNull('deleted_at')
    .orderBy('entity_ref')
    .select('entity_ref', 'owner_ref');
  return rows.map(row => ({
    entityRef: row.entity_ref,
    ownerRef: row.owner_ref ?? undefined,
  }));
}
