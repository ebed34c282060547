import { shiftMonth } from './schemas';

/** The months from `from` to `to`, `YYYY-MM`, in order; empty when `to` is before `from`. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let month = from; month <= to; month = shiftMonth(month, 1)) {
    months.push(month);
  }
  return months;
}
