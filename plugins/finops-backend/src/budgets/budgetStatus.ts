import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  BudgetPeriod,
  BudgetStatus,
  percentOf,
  toCents,
} from '@finops-backstage/plugin-finops-common';
import Decimal from 'decimal.js';
import { CostStore } from '../costs/CostStore';
import { addDays, dayIndex } from '../forecast/dailySeries';
import { forecastCosts } from '../forecast/forecastCosts';
import { StoredBudget } from './BudgetStore';
import { readScopeCosts, toSeries } from './readScopeCosts';

/** Days of history before the period that feed the forecast. */
const HISTORY_DAYS = 182;

/** The period of a budget that contains `day`: first and last day. */
export function periodOf(
  period: BudgetPeriod,
  day: string,
): { start: string; end: string } {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  const months = { month: 1, quarter: 3, year: 12 }[period];
  const firstMonth = Math.floor((month - 1) / months) * months + 1;
  const start = new Date(Date.UTC(year, firstMonth - 1, 1));
  const end = new Date(Date.UTC(year, firstMonth - 1 + months, 0));
  return {
    start: start.toISOString().slice(0, 10),
    end: end.toISOString().slice(0, 10),
  };
}

function cents(value: Decimal | number): string {
  return toCents(new Decimal(value).toFixed(6));
}

/**
 * Where a budget stands on `today`: actual cost of every day of the period already loaded (exact,
 * `numeric` sums; on the 1st that is the charges booked that day), the forecast of the rest of the
 * period from the days before today, burn rate, variance and thresholds.
 */
export async function budgetStatus(
  deps: { costs: CostStore },
  budget: StoredBudget,
  today: string,
  credentials: BackstageCredentials,
): Promise<BudgetStatus> {
  const { start, end } = periodOf(budget.period, today);
  const yesterday = addDays(today, -1);
  // The last whole day: the burn rate and the forecast's history end there.
  const asOf = yesterday < end ? yesterday : end;
  const historyStart = addDays(start, -HISTORY_DAYS);
  const costs = await readScopeCosts(
    deps,
    budget,
    budget.viewId,
    historyStart,
    end,
    credentials,
  );
  const startIndex = dayIndex(start) - dayIndex(historyStart);
  const asOfIndex = dayIndex(asOf) - dayIndex(historyStart);
  const endIndex = dayIndex(end) - dayIndex(historyStart);
  const daysElapsed = Math.max(0, asOfIndex - startIndex + 1);
  const daysInPeriod = dayIndex(end) - dayIndex(start) + 1;
  const dayCost = (i: number) => costs.usage[i].plus(costs.charges[i]);

  let lastLoaded = asOfIndex;
  for (let i = endIndex; i > asOfIndex; i -= 1) {
    if (!dayCost(i).isZero()) {
      lastLoaded = i;
      break;
    }
  }
  let actual = new Decimal(0);
  const series: BudgetStatus['series'] = [];
  for (let i = startIndex; i <= lastLoaded; i += 1) {
    actual = actual.plus(dayCost(i));
    series.push({ day: costs.days[i], actual: cents(actual) });
  }
  const remaining = daysInPeriod - daysElapsed;
  const after = Math.max(asOfIndex + 1, startIndex);
  const loaded = {
    usage: costs.usage.slice(after, after + remaining).map(d => d.toNumber()),
    charges: costs.charges
      .slice(after, after + remaining)
      .map(d => d.toNumber()),
  };
  const forecast = forecastCosts(
    toSeries(costs, asOfIndex + 1),
    remaining,
    loaded,
  );
  let cumulative = actual.toNumber();
  if (series.length > 0) series[series.length - 1].forecast = cents(actual);
  for (let h = 0; h < remaining; h += 1) {
    cumulative += forecast.values[h];
    const day = costs.days[after + h];
    if (day <= costs.days[lastLoaded] && series.length > 0) continue;
    series.push({
      day,
      forecast: cents(cumulative),
      low: cents(actual.plus(forecast.cumulativeLow[h])),
      high: cents(actual.plus(forecast.cumulativeHigh[h])),
    });
  }
  const forecastTotal =
    remaining > 0 ? actual.plus(cents(cumulative - actual.toNumber())) : actual;
  const low =
    remaining > 0 ? actual.plus(forecast.cumulativeLow[remaining - 1]) : actual;
  const high =
    remaining > 0
      ? actual.plus(forecast.cumulativeHigh[remaining - 1])
      : actual;

  const amount = new Decimal(budget.amount);
  const burn = daysElapsed > 0 ? actual.dividedBy(daysElapsed) : new Decimal(0);
  let daysLeft: number | null = null;
  if (actual.greaterThanOrEqualTo(amount)) daysLeft = 0;
  else if (burn.greaterThan(0))
    daysLeft = amount.minus(actual).dividedBy(burn).floor().toNumber();

  return {
    budgetId: budget.id,
    periodStart: start,
    periodEnd: end,
    asOf,
    daysElapsed,
    daysInPeriod,
    amount: cents(amount),
    actual: cents(actual),
    forecast: cents(forecastTotal),
    forecastLow: cents(low),
    forecastHigh: cents(high),
    burnRatePerDay: cents(burn),
    daysLeft,
    variance: cents(forecastTotal.minus(amount)),
    // The amount is positive (checked on input): never null.
    percentUsed: percentOf(actual, amount)!,
    risk: percentOf(forecastTotal, amount)!,
    thresholds: budget.thresholds.map(threshold => {
      const level = amount.times(threshold).dividedBy(100);
      return {
        percent: threshold,
        amount: cents(level),
        crossedByActual: actual.greaterThanOrEqualTo(level),
        crossedByForecast: forecastTotal.greaterThanOrEqualTo(level),
      };
    }),
    series,
  };
}
