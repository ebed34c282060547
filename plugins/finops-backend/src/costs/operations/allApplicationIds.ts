import { Knex } from 'knex';

/** Every application of the mart, `unallocated` included: the estate. */
export async function allApplicationIds(knex: Knex): Promise<number[]> {
  return (await knex('dim_application').pluck('application_id')).map(Number);
}
