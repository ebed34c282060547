// @ts-check
const { REFRESH_COSTS_V1 } = require('../shared/refreshCostsV1');

/**
 * The cost refresh of a month read the whole history of two tables: every resolved price
 * (`price_resolved`, joined on the month of the quantities, which the planner does not carry over
 * to `= ANY(months)`) and every application cell (`cost_application_monthly`, hashed whole to give
 * out each cell's cents over its atoms). Each is now filtered on the refreshed months too, so a
 * month's refresh reads that month alone and does not grow with the months held: the same
 * statements, the same results. At 24 months held, one month's refresh hashed 144,000 cells to use
 * 6,000, and four times 36,072 prices to use 1,503.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.raw(refreshCosts(filteredOnMonths(REFRESH_COSTS_V1)));
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.raw(refreshCosts(REFRESH_COSTS_V1));
};

/** @param {string} body */
function refreshCosts(body) {
  return `
    CREATE OR REPLACE FUNCTION finops_refresh_costs(views integer[], months date[])
    RETURNS void LANGUAGE sql AS $$${body}$$`;
}

/**
 * The first refresh with a months filter on the table of each join that ends with one of these
 * conditions: `price_resolved` (four joins) and `cost_application_monthly` (one).
 *
 * @param {string} body
 */
function filteredOnMonths(body) {
  /** @type {Array<[string, string, number]>} */
  const joins = [
    ['pr.product_id = m.product_id', 'pr', 2],
    ['pr.product_id = a.product_id', 'pr', 1],
    ['pr.product_id = e.product_id', 'pr', 1],
    ['c.domain_mode = f.domain_mode', 'c', 1],
  ];
  let filtered = body;
  for (const [condition, table, count] of joins) {
    const parts = filtered.split(`${condition}\n`);
    if (parts.length !== count + 1) {
      throw new Error(
        `'${condition}' ends ${parts.length - 1} lines, not ${count}`,
      );
    }
    filtered = parts.join(
      `${condition} AND (months IS NULL OR ${table}.period_month = ANY(months))\n`,
    );
  }
  return filtered;
}
