import { Knex } from 'knex';

/** The domain key of every product key. */
export async function productDomains(knex: Knex): Promise<Map<string, string>> {
  const rows = await knex('dim_product as p')
    .join('dim_family as f', 'f.family_id', 'p.family_id')
    .join('dim_domain as d', 'd.domain_id', 'f.domain_id')
    .distinct('p.product_key', 'd.domain_key');
  return new Map(rows.map(row => [row.product_key, row.domain_key]));
}
