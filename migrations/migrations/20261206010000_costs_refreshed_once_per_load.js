// @ts-check

/** The resolution of a scope's prices, without the costs kept with them. */
const RESOLVE_PRICES = `
      SELECT pg_advisory_xact_lock(hashtextextended('finops-price-resolved', 0));
      WITH targets AS (SELECT pricing_view_id FROM finops_view_family(views, false))
      DELETE FROM price_resolved r USING targets t
       WHERE r.pricing_view_id = t.pricing_view_id
         AND (months IS NULL OR r.period_month = ANY(months))
         AND (products IS NULL OR r.product_id = ANY(products));
      INSERT INTO price_resolved (pricing_view_id, period_month, product_id, unit_price)
      WITH targets AS (SELECT pricing_view_id FROM finops_view_family(views, false)),
      pairs AS (
        SELECT array_agg(product_id ORDER BY period_month, product_id) AS products,
               array_agg(period_month ORDER BY period_month, product_id) AS months
          FROM (SELECT DISTINCT product_id, period_month FROM agg_quantity_monthly
                 WHERE (months IS NULL OR period_month = ANY(months))
                   AND (products IS NULL OR product_id = ANY(products))) pp
      )
      SELECT r.* FROM pairs,
             finops_resolve_prices(ARRAY(SELECT pricing_view_id FROM targets), pairs.products,
                                   pairs.months) r
       WHERE pairs.products IS NOT NULL;`;

/**
 * The batch replaces a month's domains in one transaction and refreshes the month's costs once,
 * after the last domain, instead of once per domain (each refresh recomputes every view's costs
 * of the whole month). `finops_refresh_resolved` is the resolution alone, which each domain
 * still runs for its products; `finops_refresh_prices` is both, as before, for every other change.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.raw(`
    CREATE FUNCTION finops_refresh_resolved(views integer[], months date[], products integer[])
    RETURNS void LANGUAGE sql AS $$${RESOLVE_PRICES}
    $$`);
  await knex.raw(`
    CREATE OR REPLACE FUNCTION finops_refresh_prices(views integer[], months date[],
                                                     products integer[])
    RETURNS void LANGUAGE sql AS $$
      SELECT finops_refresh_resolved(views, months, products);
      SELECT finops_refresh_costs(views, months);
    $$`);
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.raw(`
    CREATE OR REPLACE FUNCTION finops_refresh_prices(views integer[], months date[],
                                                     products integer[])
    RETURNS void LANGUAGE sql AS $$${RESOLVE_PRICES}
      SELECT finops_refresh_costs(views, months);
    $$`);
  await knex.raw(
    'DROP FUNCTION finops_refresh_resolved(integer[], date[], integer[])',
  );
};
