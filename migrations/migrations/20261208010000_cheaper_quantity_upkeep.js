// @ts-check
const { REFRESH_QUANTITIES_V2 } = require('../shared/refreshQuantitiesV2');
const { REFRESH_QUANTITIES_V3 } = require('../shared/refreshQuantitiesV3');

/**
 * The same summaries, kept for less (measured on the 12-month scale estate, a month of 427,000
 * facts reloaded):
 *
 * - The facts' btree on (period_month, source_key, domain_id) becomes a BRIN on (source_key,
 *   domain_id). Its keys are a handful of values repeated hundreds of thousands of times per
 *   partition; keeping it was 40 % of the time of inserting a month's facts. The statements that
 *   read one source and domain of a month (the delete of a reload, the guards, the prices) read
 *   one partition; a load's rows lie together in it, which is what a BRIN finds.
 * - The daily summary loses its index on (period_month, domain_id), which only its refresh read:
 *   the refresh reads a month as a range of the primary key, whose first column is the day.
 * - The refresh groups the month's facts by sorting them (a hash aggregate of numeric sums keeps
 *   a state per group: hundreds of thousands of them), and compares each summary with what it
 *   holds in one full join instead of two: the rows whose group is gone are deleted by their
 *   ctid, the new and the changed are upserted. A quantity is "changed" when its value or its
 *   scale differs, as before (`0.30` is written again over `0.3`).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.raw('DROP INDEX fact_consumption_load_idx');
  await knex.raw(`CREATE INDEX fact_consumption_load_brin
    ON fact_consumption USING brin (source_key, domain_id)`);
  await knex.raw('DROP INDEX agg_quantity_daily_month_idx');
  await knex.raw(REFRESH_QUANTITIES_V3);
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.raw(REFRESH_QUANTITIES_V2);
  await knex.raw(`CREATE INDEX agg_quantity_daily_month_idx
    ON agg_quantity_daily (period_month, domain_id)`);
  await knex.raw('DROP INDEX fact_consumption_load_brin');
  await knex.raw(`CREATE INDEX fact_consumption_load_idx
    ON fact_consumption (period_month, source_key, domain_id)`);
};
