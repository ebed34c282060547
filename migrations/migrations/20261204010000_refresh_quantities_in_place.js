// @ts-check
const { REFRESH_QUANTITIES_V1_BODY } = require('../shared/refreshQuantitiesV1');
const { REFRESH_QUANTITIES_V2 } = require('../shared/refreshQuantitiesV2');

/**
 * The summaries of a (month, domain) are refreshed in place: one pass over the month's facts
 * (grouped per day once; the month and the estate summaries are sums of those groups), then each
 * summary row is inserted, updated only when its quantity changed, or deleted when its group is
 * gone. Deleting and inserting every row again cost a reload more than loading the month did (the
 * index entries of hundreds of thousands of rows rewritten, dead rows left behind), although a
 * month delivered again is mostly what it was.
 *
 * The result is the same as the previous function's, row for row: the same sums of the same
 * numeric quantities (numeric addition is exact, so Σ of per-day sums is the month's sum), and a
 * quantity equal in value but written with another scale is written again.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.raw(REFRESH_QUANTITIES_V2);
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.raw(`
    CREATE OR REPLACE FUNCTION finops_refresh_quantities(month date, domain integer) RETURNS void
${REFRESH_QUANTITIES_V1_BODY}`);
};
