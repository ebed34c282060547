import {
  lastDayOf,
  monthIndex,
  shiftMonth,
} from '@finops-backstage/plugin-finops-common';
import type { Period } from './CostStore';

/** The first day of a month, `YYYY-MM-01`, as the summaries key their months. */
export function monthStart(month: string): string {
  return `${month}-01`;
}

function monthsOf(period: { from: string; to: string }): number {
  return monthIndex(period.to) - monthIndex(period.from) + 1;
}

/** A cut on the last day of its month is no cut. */
export function cut(period: Period): Period {
  const { from, to, through } = period;
  return through && through < lastDayOf(to)
    ? { from, to, through }
    : { from, to };
}

/** The previous period of the same length, cut on the same day of its last month (or its last day). */
export function previousOf(period: Period): Period {
  const length = monthsOf(period);
  const from = shiftMonth(period.from, -length);
  const to = shiftMonth(period.to, -length);
  if (!period.through) return { from, to };
  const last = lastDayOf(to);
  const day = `${to}-${period.through.slice(8, 10)}`;
  return cut({ from, to, through: day < last ? day : last });
}
