// @ts-check
const { createKeyedTable } = require('../shared/keyedTables');
const { createQuantityViews } = require('../shared/quantityViews');
const { REFRESH_QUANTITIES_V1_BODY } = require('../shared/refreshQuantitiesV1');

/** Columns of fact_consumption that referenced a dimension, and the table each referenced. */
const FACT_REFERENCES = [
  'domain_id',
  'product_id',
  'application_id',
  'account_id',
  'resource_id',
  'run_id',
  'commitment_id',
];
/** @type {Record<string, string>} */
const REFERENCED = {
  domain_id: 'dim_domain',
  product_id: 'dim_product',
  application_id: 'dim_application',
  account_id: 'dim_account',
  resource_id: 'dim_resource',
  run_id: 'ingestion_run',
  commitment_id: 'dim_commitment',
};

/**
 * Replaces the materialized views of quantities by summary tables that the batch keeps up to
 * date one (month, domain) at a time, in the same transaction as the load. A REFRESH of a
 * materialized view recomputes all history, so reloading one month cost more with every month
 * held; refreshing one (month, domain) costs what that month holds, whatever the history.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  // A foreign key on the fact table is a trigger fired for every row loaded (seven per row):
  // the batch only writes ids it has just read from the dimensions, which are never deleted.
  for (const column of FACT_REFERENCES) {
    await knex.raw(
      `ALTER TABLE fact_consumption DROP CONSTRAINT fact_consumption_${column}_fkey`,
    );
  }

  await knex.raw('DROP MATERIALIZED VIEW mv_quantity_daily');
  await knex.raw('DROP MATERIALIZED VIEW mv_quantity_monthly');

  // The account is 0 where a source has none, so that the primary keys cover every row.
  await createKeyedTable(knex, 'agg_quantity_monthly', {
    columns: `period_month date, domain_id integer, product_id integer, application_id integer,
      account_id integer, quantity numeric, row_count bigint`,
    primaryKey:
      'period_month, domain_id, product_id, application_id, account_id',
    comment:
      'Quantities (never costs) per month, product, application and account; kept by the batch',
    indexes: {
      agg_quantity_monthly_application_idx: 'application_id, period_month',
    },
  });
  await createKeyedTable(knex, 'agg_quantity_daily', {
    columns: `day date, period_month date, domain_id integer, product_id integer,
      application_id integer, account_id integer, quantity numeric`,
    primaryKey: 'day, domain_id, product_id, application_id, account_id',
    comment:
      'Quantities (never costs) per day, product, application and account; kept by the batch',
    indexes: {
      agg_quantity_daily_application_idx: 'application_id, day',
      agg_quantity_daily_month_idx: 'period_month, domain_id',
    },
  });

  // The estate without its applications, for the organisation overview: a few hundred thousand
  // rows a year where the daily table holds millions.
  await createKeyedTable(knex, 'agg_quantity_estate_daily', {
    columns: `day date, period_month date, domain_id integer, product_id integer,
      account_id integer, quantity numeric`,
    primaryKey: 'day, domain_id, product_id, account_id',
    comment:
      'Quantities (never costs) per day, product and account over all applications; kept by the batch',
    indexes: { agg_quantity_estate_daily_month_idx: 'period_month, domain_id' },
  });

  // Recomputes the summaries of one month and domain from the facts.
  await knex.raw(`
    CREATE FUNCTION finops_refresh_quantities(month date, domain integer) RETURNS void
${REFRESH_QUANTITIES_V1_BODY}`);
  await knex.raw(`
    SELECT finops_refresh_quantities(m.period_month, m.domain_id)
      FROM (SELECT DISTINCT period_month, domain_id FROM fact_consumption) m`);
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const column of FACT_REFERENCES) {
    await knex.raw(
      `ALTER TABLE fact_consumption ADD CONSTRAINT fact_consumption_${column}_fkey
         FOREIGN KEY (${column}) REFERENCES ${REFERENCED[column]} (${column})`,
    );
  }
  await knex.raw('DROP FUNCTION finops_refresh_quantities(date, integer)');
  await knex.raw('DROP TABLE agg_quantity_estate_daily');
  await knex.raw('DROP TABLE agg_quantity_daily');
  await knex.raw('DROP TABLE agg_quantity_monthly');
  await createQuantityViews(knex);
};
