import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  ForecastResponse,
  lastDayOf,
  roundCents,
  shiftMonth,
} from '@finops-backstage/plugin-finops-common';
import Decimal from 'decimal.js';
import { CostStore } from '../costs/CostStore';
import { Scope, readScopeCosts, toSeries } from '../budgets/readScopeCosts';
import { addDays, dayIndex } from './dailySeries';
import { backtestMonthly, forecastCosts } from './forecastCosts';

const HISTORY_DAYS = 400;

/** The current month (actual to date + forecast) and the next three, with the scope's own backtest. */
export async function forecastScope(
  deps: { costs: CostStore },
  scope: Scope,
  viewId: number,
  today: string,
  credentials: BackstageCredentials,
): Promise<
  Omit<ForecastResponse, 'entityRef' | 'view' | 'currency' | 'method'>
> {
  const asOf = addDays(today, -1);
  const start = addDays(asOf, -HISTORY_DAYS + 1);
  const costs = await readScopeCosts(
    deps,
    scope,
    viewId,
    start,
    asOf,
    credentials,
  );
  const series = toSeries(costs);
  const end = lastDayOf(shiftMonth(today.slice(0, 7), 3));
  const horizon = dayIndex(end) - dayIndex(asOf);
  const forecast = forecastCosts(series, horizon);
  const months: ForecastResponse['months'] = [];
  const currentMonth = today.slice(0, 7);
  let actualThisMonth = new Decimal(0);
  costs.days.forEach((day, i) => {
    if (day.startsWith(currentMonth))
      actualThisMonth = actualThisMonth
        .plus(costs.usage[i])
        .plus(costs.charges[i]);
  });
  let monthStartH = 0;
  for (let h = 0; h < horizon; h += 1) {
    const day = forecast.days[h];
    const isLast =
      h === horizon - 1 || forecast.days[h + 1].slice(0, 7) !== day.slice(0, 7);
    if (!isLast) continue;
    const sum = forecast.values
      .slice(monthStartH, h + 1)
      .reduce((a, b) => a + b, 0);
    const cumulative = forecast.values
      .slice(0, h + 1)
      .reduce((a, b) => a + b, 0);
    // Conservative: the spread of the cumulative sum from today to the month's end.
    const lowWidth = cumulative - forecast.cumulativeLow[h];
    const highWidth = forecast.cumulativeHigh[h] - cumulative;
    const base = day.startsWith(currentMonth) ? actualThisMonth.toNumber() : 0;
    months.push({
      month: day.slice(0, 7),
      forecast: roundCents(base + sum),
      low: roundCents(Math.max(0, base + sum - lowWidth)),
      high: roundCents(base + sum + highWidth),
    });
    monthStartH = h + 1;
  }
  return {
    asOf,
    months,
    backtest: backtestMonthly(series).map(r => ({
      horizonMonths: r.horizonMonths,
      mape: r.mape === null ? null : r.mape.toFixed(2),
      folds: r.folds,
    })),
  };
}
