import {
  addDays,
  median,
  weekdayFactors,
  weekdayOf,
} from '../forecast/dailySeries';

/** How sensitive the detector is. */
export interface AnomalyOptions {
  /** Robust z-score a residual must reach. Default 5. */
  minScore?: number;
  /** Share of the expected value the residual must reach. Default 0.15. */
  minRelative?: number;
  /** Absolute size the residual must reach. Default 0. */
  minAbsolute?: number;
}

/** A day flagged by {@link detectAnomalies}. */
export interface DetectedAnomaly {
  index: number;
  day: string;
  expected: number;
  actual: number;
  score: number;
}

export const ANOMALY_METHOD =
  'Expected = median of the weekday-adjusted values of the 14 previous days × the weekday factor ' +
  '(median ratio to the trailing week over the 8 previous weeks); flagged when the residual is at ' +
  'least 5 robust standard deviations (1.4826 × MAD of the 28 previous residuals, floored at 2 % ' +
  'of the expected value) and 15 % of the expected value. Only past days are used, so a day is ' +
  'judged the same way whenever it is looked at. Monthly charges and indirect shares are left out.';

const LEVEL_DAYS = 14;
const SCALE_DAYS = 28;
const WARMUP_DAYS = 28;

/** Expected value of day `t` from the days before it. */
function expectedAt(values: number[], firstDay: string, t: number): number {
  const factors = weekdayFactors(values, firstDay, t);
  const adjusted: number[] = [];
  for (let k = t - LEVEL_DAYS; k < t; k += 1) {
    adjusted.push(values[k] / (factors[weekdayOf(addDays(firstDay, k))] || 1));
  }
  return median(adjusted) * factors[weekdayOf(addDays(firstDay, t))];
}

/**
 * Daily cost anomalies of a series of consecutive days: robust to weekday seasonality (a quiet
 * weekend or a busy Monday is expected), to level changes (the level is a rolling median) and to
 * earlier anomalies (medians everywhere). The first 28 days are a warm-up and never flagged.
 */
export function detectAnomalies(
  values: number[],
  firstDay: string,
  options: AnomalyOptions = {},
): DetectedAnomaly[] {
  const minScore = options.minScore ?? 5;
  const minRelative = options.minRelative ?? 0.15;
  const minAbsolute = options.minAbsolute ?? 0;
  const expected: number[] = [];
  const residuals: number[] = [];
  const found: DetectedAnomaly[] = [];
  for (let t = WARMUP_DAYS; t < values.length; t += 1) {
    const e = expectedAt(values, firstDay, t);
    const r = values[t] - e;
    const past = residuals.slice(-SCALE_DAYS).map(Math.abs);
    expected.push(e);
    residuals.push(r);
    if (past.length < 7) continue;
    const scale = Math.max(1.4826 * median(past), 0.02 * Math.abs(e), 1e-9);
    const score = r / scale;
    if (
      Math.abs(score) >= minScore &&
      Math.abs(r) >= minRelative * Math.abs(e) &&
      Math.abs(r) >= minAbsolute
    ) {
      found.push({
        index: t,
        day: addDays(firstDay, t),
        expected: e,
        actual: values[t],
        score,
      });
    }
  }
  return found;
}
