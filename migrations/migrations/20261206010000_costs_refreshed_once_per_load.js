// @ts-check
const { RESOLVE_PRICES_V1 } = require('../shared/resolvePricesV1');

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
    RETURNS void LANGUAGE sql AS $$${RESOLVE_PRICES_V1}
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
    RETURNS void LANGUAGE sql AS $$${RESOLVE_PRICES_V1}
      SELECT finops_refresh_costs(views, months);
    $$`);
  await knex.raw(
    'DROP FUNCTION finops_refresh_resolved(integer[], date[], integer[])',
  );
};
