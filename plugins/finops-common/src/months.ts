/** Month and day arithmetic on `YYYY-MM` and `YYYY-MM-DD` strings, in UTC. */

/** Months since year 0: `2026-03` is 2026 × 12 + 2. */
export function monthIndex(month: string): number {
  const [year, m] = month.split('-').map(Number);
  return year * 12 + m - 1;
}

/** The month `by` months after `month` (before, when negative), both `YYYY-MM`. */
export function shiftMonth(month: string, by: number): string {
  const index = monthIndex(month) + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(
    2,
    '0',
  )}`;
}

/** The month of a date, `YYYY-MM` (UTC). */
export function monthOfDate(date: Date): string {
  return date.toISOString().slice(0, 7);
}

/** Every day of a month, `YYYY-MM-DD`. */
export function daysOfMonth(month: string): string[] {
  const [year, m] = month.split('-').map(Number);
  const count = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return Array.from(
    { length: count },
    (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`,
  );
}

/** The last day of a month, `YYYY-MM-DD`. */
export function lastDayOf(month: string): string {
  return daysOfMonth(month).at(-1)!;
}

/** The months from `from` to `to`, `YYYY-MM`, in order; empty when `to` is before `from`. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let month = from; month <= to; month = shiftMonth(month, 1)) {
    months.push(month);
  }
  return months;
}
