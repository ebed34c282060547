import {
  CostResponse,
  parseDecimal,
  toCents,
} from '@finops-backstage/plugin-finops-common';
import { DateTime } from 'luxon';
import { CostsQuery } from '../../api';

/**
 * The card's query: the current month (UTC) by day, compared with the previous month like for
 * like (the backend cuts both months after the last loaded day: month to date against the same
 * days of the previous month).
 */
export function monthToDateQuery(
  entityRef: string,
  now: DateTime = DateTime.utc(),
): CostsQuery {
  const month = now.toFormat('yyyy-MM');
  return {
    entityRef,
    from: month,
    to: month,
    granularity: 'day',
    groupBy: 'domain',
    compareTo: 'previous',
  };
}

/**
 * The direct cost of each day of the answer's month, in cents, from the 1st to `through` (the last
 * day the comparison counts, else the last day with a row); a day without rows costs 0. Empty
 * when the month has no day yet. Indirect shares are left out: they are booked on the month's
 * first day and would flatten the line.
 */
export function dailyDirectCents(
  costs: CostResponse,
  through?: string,
): number[] {
  const rows = costs.rows.filter(
    row => row.mode === 'DIRECT' && row.period.startsWith(costs.to),
  );
  const last = through?.startsWith(costs.to)
    ? through
    : rows.reduce<string | undefined>(
        (latest, row) => (latest && latest > row.period ? latest : row.period),
        undefined,
      );
  if (!last) {
    return [];
  }
  const totals = new Array<number>(Number(last.slice(8, 10))).fill(0);
  for (const row of rows) {
    const day = Number(row.period.slice(8, 10));
    if (day <= totals.length) {
      totals[day - 1] += parseDecimal(toCents(row.cost)).times(100).toNumber();
    }
  }
  return totals;
}
