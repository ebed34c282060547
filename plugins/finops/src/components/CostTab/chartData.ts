import { CostRow, sumDecimals } from '@finops-backstage/plugin-finops-common';
import { DateTime } from 'luxon';

/** One series of a chart: a group key and what to call it. */
export interface Series {
  key: string;
  label: string;
}

/** Key of the series that gathers the groups beyond the largest ones. */
export const OTHER_SERIES = '__other__';

/**
 * Rows by period with one numeric field per series, for stacked bars. Floats here only set bar
 * heights; every total the tab shows comes from the API.
 */
export function stackByPeriod(
  rows: CostRow[],
  periods: string[],
  maxSeries: number,
): { data: Array<Record<string, string | number>>; series: Series[] } {
  const sizes = new Map<string, { label: string; size: number }>();
  for (const row of rows) {
    const entry = sizes.get(row.key) ?? { label: row.label, size: 0 };
    entry.size += Number(row.cost);
    sizes.set(row.key, entry);
  }
  const ranked = [...sizes.entries()].sort((a, b) => b[1].size - a[1].size);
  const kept =
    ranked.length > maxSeries ? ranked.slice(0, maxSeries - 1) : ranked;
  const keptKeys = new Set(kept.map(([key]) => key));
  const series: Series[] = kept.map(([key, { label }]) => ({ key, label }));
  if (kept.length < ranked.length) {
    series.push({ key: OTHER_SERIES, label: 'Other' });
  }

  const byPeriod = new Map<string, Record<string, string | number>>();
  for (const period of periods) {
    byPeriod.set(period, { period });
  }
  for (const row of rows) {
    const point = byPeriod.get(row.period) ?? { period: row.period };
    byPeriod.set(row.period, point);
    const key = keptKeys.has(row.key) ? row.key : OTHER_SERIES;
    point[key] = ((point[key] as number | undefined) ?? 0) + Number(row.cost);
  }
  const data = [...byPeriod.values()].sort((a, b) =>
    String(a.period).localeCompare(String(b.period)),
  );
  return { data, series };
}

/**
 * The total of each series over the period, exact (decimal strings): what the legend shows. Rows
 * of groups beyond the kept series add up in {@link OTHER_SERIES}.
 */
export function seriesTotals(
  rows: CostRow[],
  series: Series[],
): Map<string, string> {
  const keys = new Set(series.map(item => item.key));
  const costs = new Map<string, string[]>();
  for (const row of rows) {
    const key = keys.has(row.key) ? row.key : OTHER_SERIES;
    costs.set(key, [...(costs.get(key) ?? []), row.cost]);
  }
  return new Map([...costs].map(([key, values]) => [key, sumDecimals(values)]));
}

/**
 * Amounts billed without a usable quantity have a currency as unit (tax, support, fees): monthly
 * charges, booked once a month, not usage (the backend's rule too).
 */
export function isCharge(row: Pick<CostRow, 'unit'>): boolean {
  return /^[A-Z]{3}$/.test(row.unit ?? '');
}

/**
 * The DIRECT cost of each day of the period up to yesterday (indirect shares are monthly), split
 * into usage and monthly charges, from rows by product and day (their unit tells a charge).
 */
export function directByDay(
  rows: CostRow[],
  from: string,
  to: string,
  today: DateTime = DateTime.utc(),
): Array<{ day: string; usage: number; charges: number }> {
  const usage = new Map<string, number>();
  const charges = new Map<string, number>();
  for (const row of rows) {
    if (row.mode === 'DIRECT') {
      const into = isCharge(row) ? charges : usage;
      into.set(row.period, (into.get(row.period) ?? 0) + Number(row.cost));
    }
  }
  const monthEnd = DateTime.fromFormat(to, 'yyyy-MM', { zone: 'utc' }).endOf(
    'month',
  );
  const yesterday = today.startOf('day').minus({ days: 1 });
  const end = monthEnd < yesterday ? monthEnd : yesterday;
  const points: Array<{ day: string; usage: number; charges: number }> = [];
  for (
    let day = DateTime.fromFormat(from, 'yyyy-MM', { zone: 'utc' });
    day <= end;
    day = day.plus({ days: 1 })
  ) {
    const key = day.toFormat('yyyy-MM-dd');
    points.push({
      day: key,
      usage: usage.get(key) ?? 0,
      charges: charges.get(key) ?? 0,
    });
  }
  return points;
}

/** A group's totals over the whole period, summed exactly. */
export interface GroupTotal {
  key: string;
  label: string;
  cost: string;
  /** Only when every row of the group has a quantity in one unit. */
  quantity?: string;
  unit?: string;
}

/** Sums each group's rows over the periods (exact decimals), largest cost first. */
export function totalsByGroup(rows: CostRow[]): GroupTotal[] {
  const groups = new Map<string, CostRow[]>();
  for (const row of rows) {
    groups.set(row.key, [...(groups.get(row.key) ?? []), row]);
  }
  const totals: GroupTotal[] = [];
  for (const [key, groupRows] of groups) {
    const unit = groupRows[0].unit;
    const hasQuantity = groupRows.every(
      row => typeof row.quantity === 'string' && row.unit === unit,
    );
    totals.push({
      key,
      label: groupRows[0].label,
      cost: sumDecimals(groupRows.map(row => row.cost)),
      ...(hasQuantity
        ? {
            quantity: sumDecimals(groupRows.map(row => row.quantity!)),
            unit,
          }
        : {}),
    });
  }
  return totals.sort((a, b) => Number(b.cost) - Number(a.cost));
}
