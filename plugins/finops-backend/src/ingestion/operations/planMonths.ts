import {
  monthOfDate,
  shiftMonth,
} from '@finops-backstage/plugin-finops-common';
import { CostSource, SourceMonth } from '@finops-backstage/plugin-finops-node';
import { Knex } from 'knex';

/** The months a run loads for one source, and what it left out. */
export interface MonthPlan {
  months: SourceMonth[];
  /** Months of the data the run does not load, said in the run's note. */
  leftOut?: string;
  /** Listing the source's months failed or was refused: the source loads nothing this run. */
  failed?: { status: 'failed' | 'refused'; detail: string };
}

/**
 * Months asked for by name: a source that lists its months lists them all the same, so that
 * it reads its current deliveries and the ledger keeps their stamps.
 */
export async function requestedMonths(
  source: CostSource,
  months: string[],
  requests: { count: number },
): Promise<MonthPlan> {
  const listed = source.listMonths
    ? await source.listMonths({
        countRequest: () => {
          requests.count += 1;
        },
      })
    : [];
  return {
    months: months.map(month => ({
      month,
      stamp: listed.find(entry => entry.month === month)?.stamp,
    })),
  };
}

/**
 * A source that lists its months: the months its data holds within `maxMonths` (the current
 * one included), except those a load marked final from the same delivery (stamp); the others
 * are left out, and said so. Any other source: the current month always, and the other months
 * of its backfill window (at least the previous month) until a load marked them final. A final
 * month is never fetched again (providers bill some requests), unless a run asks for it by name
 * or, for a listing source, it was delivered again.
 */
export async function monthsToLoad(
  knex: Knex,
  source: CostSource,
  requests: { count: number },
  now: Date,
): Promise<MonthPlan> {
  const monthBack = (back: number) => shiftMonth(monthOfDate(now), -back);
  const current = monthBack(0);
  const finalLoads = async (months: string[]) =>
    knex('ingestion_load')
      .where({ source_key: source.key, status: 'succeeded', is_final: true })
      .whereIn(
        'period_month',
        months.map(month => `${month}-01`),
      )
      .select(
        knex.raw(`to_char(period_month, 'YYYY-MM') AS month`),
        'delivery_stamp',
      ) as Promise<Array<{ month: string; delivery_stamp: string | null }>>;

  if (source.listMonths) {
    const oldest = monthBack(Math.max(source.maxMonths ?? 36, 1) - 1);
    const listed = await source.listMonths({
      countRequest: () => {
        requests.count += 1;
      },
    });
    const inWindow = listed.filter(
      ({ month }) => month >= oldest && month <= current,
    );
    const outside = listed
      .map(({ month }) => month)
      .filter(month => month < oldest || month > current)
      .sort();
    const final = await finalLoads(inWindow.map(({ month }) => month));
    const months = inWindow
      .filter(
        ({ month, stamp }) =>
          month === current ||
          !final.some(
            load =>
              load.month === month &&
              (stamp === undefined || load.delivery_stamp === stamp),
          ),
      )
      .sort((a, b) => a.month.localeCompare(b.month));
    const leftOut =
      outside.length > 0
        ? `left out ${outside.length} month(s) of the data outside the last ${
            source.maxMonths ?? 36
          } months: ${outside.join(', ')}`
        : undefined;
    return { months, leftOut };
  }

  const months: string[] = [];
  for (
    let back = Math.max(source.backfillMonths ?? 2, 2) - 1;
    back >= 0;
    back -= 1
  ) {
    months.push(monthBack(back));
  }
  const done = new Set((await finalLoads(months)).map(row => row.month));
  return {
    months: months
      .filter((month, index) => index === months.length - 1 || !done.has(month))
      .map(month => ({ month })),
  };
}
