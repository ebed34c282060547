import { addDays, dayIndex } from './dailySeries';
import { DailyForecast, forecastDaily } from './forecastDaily';

/**
 * A scope's daily cost, split into daily usage and monthly charges (amounts billed without a usable
 * quantity, such as tax and support, and indirect shares), which come once a month and would
 * otherwise look like spikes to a daily model.
 */
export interface CostSeries {
  firstDay: string;
  usage: number[];
  charges: number[];
}

/** The charges of the last calendar month the history covers in full (else of the partial one). */
function monthlyCharges(series: CostSeries): number {
  const n = series.usage.length;
  if (n === 0) return 0;
  const lastDay = addDays(series.firstDay, n - 1);
  const nextDay = addDays(lastDay, 1);
  const month = nextDay.slice(8) === '01' ? lastDay.slice(0, 7) : undefined;
  const previousMonth = (() => {
    const [y, m] = lastDay.slice(0, 7).split('-').map(Number);
    const index = y * 12 + m - 2;
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(
      2,
      '0',
    )}`;
  })();
  const target =
    month ??
    (series.firstDay <= `${previousMonth}-01`
      ? previousMonth
      : lastDay.slice(0, 7));
  let sum = 0;
  for (let i = 0; i < n; i += 1) {
    if (addDays(series.firstDay, i).startsWith(target))
      sum += series.charges[i];
  }
  return sum;
}

/**
 * Forecasts a cost series: the usage by {@link forecastDaily}, charges repeated on each 1st.
 *
 * `loaded` holds what is already loaded for the horizon's days (today's partial usage, the
 * charges booked on a 1st that has just begun): the caller counts it as actual, so the forecast
 * adds only the rest, the usage still to come that day and the charges not yet booked.
 */
export function forecastCosts(
  series: CostSeries,
  horizon: number,
  loaded?: { usage: number[]; charges: number[] },
): DailyForecast {
  const forecast = forecastDaily(series.usage, series.firstDay, horizon);
  const charges = monthlyCharges(series);
  let shift = 0;
  for (let h = 0; h < horizon; h += 1) {
    const model = forecast.values[h];
    const knownUsage = loaded?.usage[h] ?? 0;
    const chargesBooked = (loaded?.charges[h] ?? 0) !== 0;
    let value = Math.max(0, model - knownUsage);
    if (forecast.days[h].endsWith('-01') && !chargesBooked) value += charges;
    shift += value - model;
    forecast.values[h] = value;
    forecast.cumulativeLow[h] += shift;
    forecast.cumulativeHigh[h] += shift;
  }
  return forecast;
}

/** Mean absolute percentage error of a forecast, per horizon. */
export interface BacktestResult {
  /** 0: the month's total forecast from its 15th; 1–3: the total of the month 1–3 months ahead. */
  horizonMonths: number;
  mape: number | null;
  folds: number;
}

function monthsIn(series: CostSeries): string[] {
  const months = new Set<string>();
  for (let i = 0; i < series.usage.length; i += 1)
    months.add(addDays(series.firstDay, i).slice(0, 7));
  return [...months].sort();
}

function total(series: CostSeries, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i <= to; i += 1)
    sum += series.usage[i] + series.charges[i];
  return sum;
}

/**
 * Backtests on a history: for every month with at least `minHistoryDays` before it, forecasts from
 * the day before it (horizons 1–3: that month and the next two) and from its 15th (horizon 0: the
 * month's total = actual to the 14th + forecast), and compares with the actual totals.
 */
export function backtestMonthly(
  series: CostSeries,
  minHistoryDays = 90,
): BacktestResult[] {
  const first = dayIndex(series.firstDay);
  const n = series.usage.length;
  const errors: number[][] = [[], [], [], []];
  const months = monthsIn(series);
  const slice = (end: number): CostSeries => ({
    firstDay: series.firstDay,
    usage: series.usage.slice(0, end),
    charges: series.charges.slice(0, end),
  });
  const monthRange = (month: string) => {
    const start = dayIndex(`${month}-01`) - first;
    const [y, m] = month.split('-').map(Number);
    const end = Math.round(Date.UTC(y, m, 1) / 86_400_000) - first - 1; // last day of the month
    return { start, end };
  };
  for (let mi = 0; mi < months.length; mi += 1) {
    const { start, end } = monthRange(months[mi]);
    if (start < minHistoryDays || end >= n) continue;
    // Horizon 0: from the 15th.
    const mid = start + 14;
    const rest = forecastCosts(slice(mid), end - mid + 1);
    const predicted =
      total(series, start, mid - 1) + rest.values.reduce((a, b) => a + b, 0);
    const actual = total(series, start, end);
    if (actual > 0) errors[0].push(Math.abs(predicted - actual) / actual);
    // Horizons 1–3 from the day before the month.
    for (let h = 1; h <= 3; h += 1) {
      if (mi + h - 1 >= months.length) break;
      const target = monthRange(months[mi + h - 1]);
      if (target.end >= n) break;
      const forecast = forecastCosts(slice(start), target.end - start + 1);
      const predictedMonth = forecast.values
        .slice(target.start - start)
        .reduce((a, b) => a + b, 0);
      const actualMonth = total(series, target.start, target.end);
      if (actualMonth > 0)
        errors[h].push(Math.abs(predictedMonth - actualMonth) / actualMonth);
    }
  }
  return errors.map((e, horizonMonths) => ({
    horizonMonths,
    mape:
      e.length === 0 ? null : (e.reduce((a, b) => a + b, 0) / e.length) * 100,
    folds: e.length,
  }));
}
