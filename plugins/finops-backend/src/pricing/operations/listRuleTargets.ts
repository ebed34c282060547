import { PricingRuleTarget } from '@finops-backstage/plugin-finops-common';
import { Knex } from 'knex';

/**
 * What a pricing rule can target, for the pickers of the rule forms: every family with its
 * domain, or the products (their newest version) whose key or name contains `search`, by key.
 */
export async function listRuleTargets(
  knex: Knex,
  query: { type: 'family' | 'product'; search?: string; limit: number },
): Promise<PricingRuleTarget[]> {
  const pattern = query.search
    ? `%${query.search.replace(/[\\%_]/g, c => `\\${c}`)}%`
    : undefined;
  if (query.type === 'family') {
    const rows = await knex('dim_family as f')
      .join('dim_domain as d', 'd.domain_id', 'f.domain_id')
      .modify(builder => {
        if (pattern) {
          builder.where(inner =>
            inner
              .whereILike('f.family_key', pattern)
              .orWhereILike('f.name', pattern),
          );
        }
      })
      .orderBy('f.family_key')
      .limit(query.limit)
      .select('f.family_key as key', 'f.name', 'd.domain_key as domain');
    return rows.map((row: Record<string, string>) => ({
      key: row.key,
      name: row.name,
      domain: row.domain,
    }));
  }
  const latest = knex('dim_product')
    .distinctOn('product_key')
    .orderBy([
      { column: 'product_key' },
      { column: 'valid_from', order: 'desc' },
    ])
    .select('product_key', 'name', 'unit', 'family_id')
    .as('p');
  const rows = await knex
    .from(latest)
    .join('dim_family as f', 'f.family_id', 'p.family_id')
    .modify(builder => {
      if (pattern) {
        builder.where(inner =>
          inner
            .whereILike('p.product_key', pattern)
            .orWhereILike('p.name', pattern),
        );
      }
    })
    .orderBy('p.product_key')
    .limit(query.limit)
    .select(
      'p.product_key as key',
      'p.name',
      'p.unit',
      'f.family_key as family',
    );
  return rows.map((row: Record<string, string>) => ({
    key: row.key,
    name: row.name,
    family: row.family,
    unit: row.unit,
  }));
}
