import { shiftMonth } from '@finops-backstage/plugin-finops-common';
import { DateTime } from 'luxon';
import { MonthRange } from '../shared';

/** A cost per unit with its currency and every decimal the API gives: `$0.041275`, `$12.50`. */
export function formatCostPerUnit(amount: string, currency: string): string {
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    minimumFractionDigits: 2,
    maximumFractionDigits: 6,
  }).format(Number(amount));
}

/** A metric value: `152,612`, `0.3`. */
export function formatMetricValue(value: string): string {
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 }).format(
    Number(value),
  );
}

/**
 * The months of the card: those of the tab's period, without the current month (UTC), whose cost
 * is only to date while its metric may be the whole month's. Undefined when none is left.
 */
export function completeMonthsOf(
  range: MonthRange,
  now: DateTime = DateTime.utc(),
): MonthRange | undefined {
  const lastComplete = shiftMonth(now.toFormat('yyyy-MM'), -1);
  const to = range.to > lastComplete ? lastComplete : range.to;
  return range.from > to ? undefined : { from: range.from, to };
}
