// @ts-check
// SQL run by more than one migration, as it landed: never edit it (a change is a new migration).
// Not a migration itself: knex reads only the files of ../migrations.

/**
 * The statements that resolve a scope's prices (`views`, `months`, `products`) into
 * `price_resolved`: the body of the first `finops_refresh_prices` before its cost refresh, and of
 * `finops_refresh_resolved`.
 */
const RESOLVE_PRICES_V1 = `
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

module.exports = { RESOLVE_PRICES_V1 };
