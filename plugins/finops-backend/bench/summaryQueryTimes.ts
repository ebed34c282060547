/*
 * The questions that summaries answer (an entity, a group, the estate's overview) against the same
 * questions asked of the facts, timed; and the check that both agree on the cents.
 */
import Decimal from 'decimal.js';
import { Knex } from 'knex';
import { DatabaseCostStore } from '../src/costs/DatabaseCostStore';
import { getOverview } from '../src/costs/operations/getOverview';
import { resolvedPrices } from '../src/pricing/operations/resolvedPrices';
import { ScaleOptions } from './ScaleEstate';
import { applicationIdsOf, firstDivision } from './scaleQuestions';
import { median, seconds } from './timing';

export interface SummaryAgainstFacts {
  summaryMs: number;
  rawMs: number;
  ratio: number;
  total: string;
}

/** The median time of `runs` answers, and the last answer. */
async function timed<T>(runs: number, answer: () => Promise<T>) {
  const times: number[] = [];
  let last: T | undefined;
  for (let i = 0; i < runs; i += 1) {
    const started = process.hrtime.bigint();
    last = await answer();
    times.push(seconds(started) * 1000);
  }
  return { ms: median(times), last: last! };
}

/**
 * One question from the summaries (`summary`, the store's own answer) and from fact_consumption
 * with the same pricing join (`rawSql`, exact); the two totals may differ by the rounding of the
 * cents, at most `tolerance`.
 */
async function againstFacts(
  knex: Knex,
  what: string,
  summary: () => Promise<string>,
  raw: { sql: string; bindings: Record<string, unknown>; tolerance: Decimal },
): Promise<SummaryAgainstFacts> {
  const fromSummary = await timed(21, summary);
  // Cold for the raw query too: no help from a previous run's cache beyond PostgreSQL's own.
  const fromFacts = await timed(3, async () => {
    const { rows } = await knex.raw(raw.sql, raw.bindings);
    return rows[0].total as string;
  });
  if (
    new Decimal(fromSummary.last)
      .minus(fromFacts.last)
      .abs()
      .greaterThan(raw.tolerance)
  ) {
    throw new Error(
      `${what}: the summary (${fromSummary.last}) and the facts (${fromFacts.last}, exact) disagree`,
    );
  }
  return {
    summaryMs: fromSummary.ms,
    rawMs: fromFacts.ms,
    ratio: fromFacts.ms / fromSummary.ms,
    total: fromSummary.last,
  };
}

/** The cost of the facts of some applications (all of them without `:apps`) in a period. */
const factsSql = (applications: boolean) => `WITH quantities AS (
    SELECT f.period_month, f.product_id, sum(f.quantity) AS quantity
      FROM fact_consumption f
     WHERE f.period_month BETWEEN :from AND :to
       ${applications ? 'AND f.application_id = ANY(:apps)' : ''}
     GROUP BY 1, 2),
    ${resolvedPrices()}
  SELECT sum(q.quantity * pr.unit_price)::text AS total
    FROM quantities q JOIN prices pr USING (product_id, period_month)`;

/** The entity, group and overview questions, from the summaries and from the facts. */
export async function summaryQueryTimes(
  knex: Knex,
  viewId: number,
  months: string[],
  options: ScaleOptions,
) {
  const store = DatabaseCostStore.create({ knex });
  const from = months[months.length - 12] ?? months[0];
  const to = months[months.length - 1];
  const held = months.indexOf(to) - months.indexOf(from) + 1;
  const entityApps = await applicationIdsOf(knex, [7]);
  const groupApps = await applicationIdsOf(knex, firstDivision(options));
  const period = { from: `${from}-01`, to: `${to}-01`, viewId };
  const costs = (applicationIds: number[], groupBy: 'product' | 'domain') =>
    store
      .getCosts({
        applicationIds,
        from,
        to,
        viewId,
        groupBy,
        granularity: 'month',
      })
      .then(answer => answer.total);
  // An application's cents are its share of each month of the estate rounded once, by mode
  // (direct or shared): within a cent of the exact cost per month and mode.
  const perApplication = (count: number) =>
    new Decimal('0.02').times(held).times(count);
  return {
    entity: await againstFacts(
      knex,
      'entity',
      () => costs(entityApps, 'product'),
      {
        sql: factsSql(true),
        bindings: { ...period, apps: entityApps },
        tolerance: perApplication(1),
      },
    ),
    group: await againstFacts(
      knex,
      `group of ${groupApps.length}`,
      () => costs(groupApps, 'domain'),
      {
        sql: factsSql(true),
        bindings: { ...period, apps: groupApps },
        tolerance: perApplication(groupApps.length),
      },
    ),
    // Not the store's cached overview: every answer is computed afresh.
    overview: await againstFacts(
      knex,
      'overview',
      async () => (await getOverview(knex, { viewId, from, to })).total,
      {
        sql: factsSql(false),
        bindings: period,
        tolerance: new Decimal('0.01').times(held),
      },
    ),
  };
}
