// @ts-check
// SQL run by more than one migration, as it landed: never edit it (a change is a new migration).
// Not a migration itself: knex reads only the files of ../migrations.

/**
 * The quantity summaries as materialised views (`mv_quantity_monthly`, `mv_quantity_daily`) with
 * their indexes: created by the mart's first migration, and again by the down of the migration
 * that replaced them with tables.
 *
 * @param {import('knex').Knex} knex
 */
async function createQuantityViews(knex) {
  await knex.raw(`
    CREATE MATERIALIZED VIEW mv_quantity_monthly AS
      SELECT period_month, domain_id, product_id, application_id,
             coalesce(account_id, 0) AS account_id,
             sum(quantity) AS quantity, count(*) AS row_count
        FROM fact_consumption
       GROUP BY period_month, domain_id, product_id, application_id, coalesce(account_id, 0)`);
  await knex.raw(`CREATE UNIQUE INDEX mv_quantity_monthly_uq
    ON mv_quantity_monthly (period_month, domain_id, product_id, application_id, account_id)`);
  await knex.raw(`CREATE INDEX mv_quantity_monthly_application_idx
    ON mv_quantity_monthly (application_id, period_month)`);

  await knex.raw(`
    CREATE MATERIALIZED VIEW mv_quantity_daily AS
      SELECT day, period_month, domain_id, product_id, application_id,
             coalesce(account_id, 0) AS account_id, sum(quantity) AS quantity
        FROM fact_consumption
       GROUP BY day, period_month, domain_id, product_id, application_id, coalesce(account_id, 0)`);
  await knex.raw(`CREATE UNIQUE INDEX mv_quantity_daily_uq
    ON mv_quantity_daily (day, domain_id, product_id, application_id, account_id)`);
  await knex.raw(`CREATE INDEX mv_quantity_daily_application_idx
    ON mv_quantity_daily (application_id, day)`);
}

module.exports = { createQuantityViews };
