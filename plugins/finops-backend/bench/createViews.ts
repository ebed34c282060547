/*
 * The pricing views the questions are asked in, written by hand on top of the batch's actual view.
 */
import { Knex } from 'knex';
import { refreshPrices } from '../src/pricing/operations/resolvedPrices';

/** Pricing views: actual ← contract (domain, family and product rules) ← what-if. */
export async function createViews(knex: Knex, firstMonth: string) {
  const [contract] = await knex('pricing_view')
    .insert({
      view_key: 'contract',
      name: 'Contract',
      kind: 'contracted',
      currency: 'USD',
      parent_id: knex('pricing_view')
        .where({ view_key: 'actual' })
        .select('pricing_view_id'),
    })
    .returning('pricing_view_id');
  const [whatIf] = await knex('pricing_view')
    .insert({
      view_key: 'what-if',
      name: 'What if',
      kind: 'what-if',
      currency: 'USD',
      parent_id: contract.pricing_view_id,
    })
    .returning('pricing_view_id');
  const domain = (key: string) =>
    knex('dim_domain').where({ domain_key: key }).select('domain_id');
  const family = (key: string) =>
    knex('dim_family').where({ family_key: key }).select('family_id');
  const validFrom = `${firstMonth}-01`;
  await knex('pricing_rule').insert([
    {
      pricing_view_id: contract.pricing_view_id,
      domain_id: domain('DATABASE'),
      multiplier: '0.9',
      valid_from: validFrom,
    },
    {
      pricing_view_id: contract.pricing_view_id,
      family_id: family('compute'),
      multiplier: '0.8',
      valid_from: validFrom,
    },
    {
      pricing_view_id: whatIf.pricing_view_id,
      family_id: family('storage'),
      multiplier: '1.1',
      valid_from: validFrom,
    },
  ]);
  await knex.raw(
    `INSERT INTO pricing_rule (pricing_view_id, product_id, unit_price, valid_from)
     SELECT ?, product_id, 0.05, ? FROM dim_product ORDER BY product_id LIMIT 50`,
    [contract.pricing_view_id, validFrom],
  );
  // Written here by hand, so resolved here as the pricing store does after its writes.
  await refreshPrices(knex, {
    views: [contract.pricing_view_id, whatIf.pricing_view_id],
  });
}
