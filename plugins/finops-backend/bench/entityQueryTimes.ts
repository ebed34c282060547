/*
 * The entity query from the summary table (the cost store) against the same question asked of
 * the facts, timed; and the check that both agree on the cents.
 */
import Decimal from 'decimal.js';
import { Knex } from 'knex';
import { DatabaseCostStore } from '../src/costs/DatabaseCostStore';
import { resolvedPrices } from '../src/pricing/operations/resolvedPrices';
import { componentName } from './ScaleEstate';
import { median, seconds } from './timing';

/** The entity query, from the summary table or straight from the facts. */
export async function entityQueryTimes(
  knex: Knex,
  viewId: number,
  months: string[],
) {
  const store = DatabaseCostStore.create({ knex });
  const [app] = await knex('dim_application')
    .where({ entity_ref: `component:default/${componentName(7)}` })
    .pluck('application_id');
  const query = {
    applicationIds: [app],
    from: months[months.length - 12] ?? months[0],
    to: months[months.length - 1],
    viewId,
    groupBy: 'product' as const,
    granularity: 'month' as const,
  };
  const summary: number[] = [];
  let summaryTotal = '';
  for (let i = 0; i < 21; i += 1) {
    const started = process.hrtime.bigint();
    summaryTotal = (await store.getCosts(query)).total;
    summary.push(seconds(started) * 1000);
  }
  // The same question asked of fact_consumption, with the same pricing join.
  const rawSql = `WITH app_quantities AS (
      SELECT f.period_month, f.product_id, sum(f.quantity) AS quantity
        FROM fact_consumption f
       WHERE f.application_id = ANY(:apps) AND f.period_month BETWEEN :from AND :to
       GROUP BY 1, 2),
      ${resolvedPrices()}
    SELECT sum(q.quantity * pr.unit_price)::text AS total,
           count(DISTINCT q.period_month) AS months
      FROM app_quantities q JOIN prices pr USING (product_id, period_month)`;
  const bindings = {
    apps: [app],
    from: `${query.from}-01`,
    to: `${query.to}-01`,
    viewId,
  };
  const raw: number[] = [];
  let rawTotal = '';
  let rawMonths = 0;
  for (let i = 0; i < 5; i += 1) {
    // Cold for the raw query too: no help from a previous run's cache beyond PostgreSQL's own.
    const started = process.hrtime.bigint();
    const { rows } = await knex.raw(rawSql, bindings);
    rawTotal = rows[0].total;
    rawMonths = Number(rows[0].months);
    raw.push(seconds(started) * 1000);
  }
  // The answer's cents are the component's share of each month of the estate rounded once
  // (readApplicationCents): within a cent of the exact cost per month and mode.
  if (
    new Decimal(summaryTotal)
      .minus(rawTotal)
      .abs()
      .greaterThanOrEqualTo(new Decimal('0.02').times(rawMonths))
  ) {
    throw new Error(
      `the summary (${summaryTotal}) and the facts (${rawTotal}, exact) disagree`,
    );
  }
  return {
    summaryMs: median(summary),
    rawMs: median(raw),
    ratio: median(raw) / median(summary),
    total: summaryTotal,
  };
}
