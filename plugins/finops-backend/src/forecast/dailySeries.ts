/** Day arithmetic on `YYYY-MM-DD` strings (UTC), shared by forecasts, anomalies and budgets. */

const DAY_MS = 86_400_000;

export function dayIndex(day: string): number {
  return Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
}

export function dayOf(index: number): string {
  return new Date(index * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return dayOf(dayIndex(day) + days);
}

/** ISO weekday, 1 (Monday) to 7 (Sunday). */
export function weekdayOf(day: string): number {
  return ((((dayIndex(day) + 3) % 7) + 7) % 7) + 1;
}

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Multiplicative weekday factors (index 1–7, mean 1) from the days `[end - window, end)`: for each
 * day, its value over the mean of the 7 days that end on it; the median of those ratios per weekday.
 * Days without a full week before them, or whose week is all zero, are skipped; a weekday with no
 * ratio gets factor 1.
 */
export function weekdayFactors(
  values: number[],
  firstDay: string,
  end: number,
  window = 56,
): number[] {
  const ratios: number[][] = Array.from({ length: 8 }, () => []);
  const first = dayIndex(firstDay);
  for (let i = Math.max(6, end - window); i < end; i += 1) {
    let sum = 0;
    for (let k = i - 6; k <= i; k += 1) sum += values[k];
    if (sum > 0) {
      ratios[weekdayOf(dayOf(first + i))].push(values[i] / (sum / 7));
    }
  }
  const factors = ratios.map((r, weekday) =>
    weekday === 0 || r.length === 0 ? 1 : median(r),
  );
  const mean = factors.slice(1).reduce((a, b) => a + b, 0) / 7;
  return factors.map((f, weekday) =>
    weekday === 0 || mean <= 0 ? 1 : f / mean,
  );
}
