import { CostRow } from '@finops-backstage/plugin-finops-common';
import Decimal from 'decimal.js';

/**
 * Each month's cost from the rows of `GET /costs` (their amounts added, exact), of the rows of
 * one mode only when `mode` is given: what the route answers as the total of that month.
 */
export function monthTotals(
  rows: CostRow[],
  mode?: CostRow['mode'],
): Map<string, Decimal> {
  const months = new Map<string, Decimal>();
  for (const row of rows) {
    if (mode && row.mode !== mode) continue;
    months.set(
      row.period,
      (months.get(row.period) ?? new Decimal(0)).plus(row.cost),
    );
  }
  return months;
}
