import {
  addDays,
  dayIndex,
  dayOf,
  median,
  weekdayFactors,
  weekdayOf,
} from './dailySeries';

/** Parameters of the model (damped-trend Holt on the weekday-adjusted series). */
const ALPHA = 0.2;
const BETA = 0.02;
const PHI = 0.98;
/** 95 % two-sided. */
const Z = 1.96;

/** A daily forecast: per future day the point forecast and a 95 % interval of the cumulative sum. */
export interface DailyForecast {
  days: string[];
  values: number[];
  /** Bounds of the cumulative sum from the first forecast day to each day. */
  cumulativeLow: number[];
  cumulativeHigh: number[];
}

export const FORECAST_METHOD =
  'Weekday profile (median ratio to the trailing week, last 8 weeks) × damped-trend Holt smoothing ' +
  `of the weekday-adjusted series (α ${ALPHA}, β ${BETA}, φ ${PHI}); 95 % interval of cumulative ` +
  'sums from robust (MAD) one-step errors under a local-level model; monthly charges (billed ' +
  'amounts and indirect shares) repeat the last month’s.';

/**
 * Forecasts `horizon` days after a history of consecutive daily values starting on `firstDay`.
 * Floats are fine here: a forecast is an estimate, and it is rounded to cents before it leaves.
 */
export function forecastDaily(
  history: number[],
  firstDay: string,
  horizon: number,
): DailyForecast {
  const n = history.length;
  const start = addDays(firstDay, n);
  const days = Array.from({ length: horizon }, (_, h) => addDays(start, h));
  if (n === 0) {
    const zeros = days.map(() => 0);
    return {
      days,
      values: zeros,
      cumulativeLow: zeros,
      cumulativeHigh: zeros,
    };
  }
  const first = dayIndex(firstDay);
  const factors =
    n >= 14 ? weekdayFactors(history, firstDay, n) : new Array(8).fill(1);
  const season = (i: number) => factors[weekdayOf(dayOf(first + i))] || 1;
  const adjusted = history.map((y, i) => y / season(i));

  // Start from the mean of the first week (or what there is), no trend.
  const warm = Math.min(7, n);
  let level = adjusted.slice(0, warm).reduce((a, b) => a + b, 0) / warm;
  let trend = 0;
  const errors: number[] = [];
  for (let i = warm; i < n; i += 1) {
    const predicted = (level + PHI * trend) * season(i);
    errors.push(history[i] - predicted);
    const previous = level;
    level = ALPHA * adjusted[i] + (1 - ALPHA) * (previous + PHI * trend);
    trend = BETA * (level - previous) + (1 - BETA) * PHI * trend;
  }
  const absolute = errors.slice(-90).map(e => Math.abs(e));
  const sigma =
    absolute.length >= 7 ? 1.4826 * median(absolute) : Math.abs(level) * 0.1;

  const values: number[] = [];
  let damping = 0;
  let phiPower = 1;
  for (let h = 0; h < horizon; h += 1) {
    phiPower *= PHI;
    damping += phiPower;
    values.push(Math.max(0, (level + damping * trend) * season(n + h)));
  }
  // Σ of future errors of a local-level model: Σ_k ε_k (1 + α (H − k)).
  const cumulativeLow: number[] = [];
  const cumulativeHigh: number[] = [];
  let sum = 0;
  for (let h = 1; h <= horizon; h += 1) {
    sum += values[h - 1];
    let variance = 0;
    for (let k = 1; k <= h; k += 1) variance += (1 + ALPHA * (h - k)) ** 2;
    const spread = Z * sigma * Math.sqrt(variance);
    cumulativeLow.push(Math.max(0, sum - spread));
    cumulativeHigh.push(sum + spread);
  }
  return { days, values, cumulativeLow, cumulativeHigh };
}
