// @ts-check
// SQL run by more than one migration, as it landed: never edit it (a change is a new migration).
// Not a migration itself: knex reads only the files of ../migrations.

/**
 * The body of the first `finops_refresh_quantities(month date, domain integer)`: deletes and
 * inserts one month and domain of the three quantity summaries. Created by the summary tables'
 * migration, and again by the down of the migration that refreshes them in place.
 */
const REFRESH_QUANTITIES_V1_BODY = `    LANGUAGE sql AS $$
      DELETE FROM agg_quantity_monthly WHERE period_month = month AND domain_id = domain;
      INSERT INTO agg_quantity_monthly
        SELECT period_month, domain_id, product_id, application_id, coalesce(account_id, 0),
               sum(quantity), count(*)
          FROM fact_consumption
         WHERE period_month = month AND domain_id = domain
         GROUP BY period_month, domain_id, product_id, application_id, coalesce(account_id, 0);
      DELETE FROM agg_quantity_daily WHERE period_month = month AND domain_id = domain;
      INSERT INTO agg_quantity_daily
        SELECT day, period_month, domain_id, product_id, application_id, coalesce(account_id, 0),
               sum(quantity)
          FROM fact_consumption
         WHERE period_month = month AND domain_id = domain
         GROUP BY day, period_month, domain_id, product_id, application_id, coalesce(account_id, 0);
      DELETE FROM agg_quantity_estate_daily WHERE period_month = month AND domain_id = domain;
      INSERT INTO agg_quantity_estate_daily
        SELECT day, period_month, domain_id, product_id, account_id, sum(quantity)
          FROM agg_quantity_daily
         WHERE period_month = month AND domain_id = domain
         GROUP BY day, period_month, domain_id, product_id, account_id;
    $$`;

module.exports = { REFRESH_QUANTITIES_V1_BODY };
