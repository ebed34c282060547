import { Knex } from 'knex';
import { migrateMart } from '../operations/migrateMart';

/**
 * The dimension rows of one product, inserted as a test seeds them: the `cloud` domain, its
 * `compute` family and `aws:ec2:m5.large` (hours, valid from January 2026). The rows returned hold
 * their ids, as knex's `returning` gives them.
 */
export async function insertM5Large(knex: Knex): Promise<{
  domain: { domain_id: number };
  family: { family_id: number };
  product: { product_id: number };
}> {
  const [domain] = await knex('dim_domain')
    .insert({ domain_key: 'cloud', name: 'Cloud' })
    .returning('domain_id');
  const [family] = await knex('dim_family')
    .insert({
      family_key: 'compute',
      name: 'Compute',
      domain_id: domain.domain_id,
    })
    .returning('family_id');
  const [product] = await knex('dim_product')
    .insert({
      product_key: 'aws:ec2:m5.large',
      family_id: family.family_id,
      name: 'm5.large',
      unit: 'Hrs',
      provider: 'aws',
      service: 'AmazonEC2',
      valid_from: '2026-01-01',
    })
    .returning('product_id');
  return { domain, family, product };
}

/** Inserts a row and answers the value of its `column` (an id). */
export function insertedId(knex: Knex) {
  return async (
    table: string,
    row: Record<string, unknown>,
    column: string,
  ): Promise<number> =>
    (await knex(table).insert(row).returning(column))[0][column] as number;
}

/**
 * The mart migrated, with the `CLOUD` domain (direct) and an indirect one, as the store tests seed
 * them: their ids, and {@link insertedId} and {@link insertedProduct} on `knex` for the rest.
 */
export async function seedDomains(
  knex: Knex,
  indirect: { key: string; name: string; methodKey: string; label: string },
) {
  await migrateMart(knex);
  const id = insertedId(knex);
  const cloud = await id(
    'dim_domain',
    { domain_key: 'CLOUD', name: 'Cloud' },
    'domain_id',
  );
  const indirectId = await id(
    'dim_domain',
    {
      domain_key: indirect.key,
      name: indirect.name,
      domain_mode: 'INDIRECT',
      indirect_method_key: indirect.methodKey,
      indirect_label: indirect.label,
    },
    'domain_id',
  );
  return { id, product: insertedProduct(knex), cloud, indirect: indirectId };
}

/** Inserts an `aws` product named after its key, valid since 2020; answers its id. */
export function insertedProduct(knex: Knex) {
  return (key: string, familyId: number, unit: string) =>
    insertedId(knex)(
      'dim_product',
      {
        product_key: key,
        family_id: familyId,
        name: key,
        unit,
        provider: 'aws',
        service: key,
        valid_from: '2020-01-01',
      },
      'product_id',
    );
}
