import Decimal from 'decimal.js';
import { DemoCostSource } from '../../sources/demo/DemoCostSource';
import {
  DEMO_ACCOUNTS,
  DEMO_USAGE_PROFILES,
} from '../../sources/demo/demoCatalog';
import { CostSeries } from '../../forecast/forecastCosts';
import { addDays, dayIndex } from '../../forecast/dailySeries';

/** Daily billed cost of the demo source, for the estate and per component, usage and charges apart. */
export async function demoDailySeries(now: Date, months = 18) {
  const source = new DemoCostSource({ now: () => now, months });
  const current = now.getUTCFullYear() * 12 + now.getUTCMonth();
  const byScope = new Map<
    string,
    Map<string, { usage: Decimal; charges: Decimal }>
  >();
  const add = (
    scope: string,
    day: string,
    key: 'usage' | 'charges',
    amount: Decimal,
  ) => {
    let days = byScope.get(scope);
    if (!days) byScope.set(scope, (days = new Map()));
    const cell = days.get(day) ?? {
      usage: new Decimal(0),
      charges: new Decimal(0),
    };
    cell[key] = cell[key].plus(amount);
    days.set(day, cell);
  };
  const components = new Set(DEMO_USAGE_PROFILES.map(p => p.name));
  const componentOf = (tags: Record<string, string>, account: string) => {
    if (tags.app && components.has(tags.app)) return tags.app;
    return account === DEMO_ACCOUNTS.acmeLedger.key
      ? 'ledger-service'
      : undefined;
  };
  let firstDay: string | undefined;
  let lastDay: string | undefined;
  for (let index = current - months + 1; index <= current; index += 1) {
    const month = `${Math.floor(index / 12)}-${String(
      (index % 12) + 1,
    ).padStart(2, '0')}`;
    for await (const row of source.readMonth({ month })) {
      const amount = new Decimal(row.billedAmount ?? '0');
      const key = /^[A-Z]{3}$/.test(row.product.unit) ? 'charges' : 'usage';
      add('estate', row.day, key, amount);
      const app = componentOf(row.tags, row.account?.key ?? '');
      if (app) add(`component:default/${app}`, row.day, key, amount);
      if (!firstDay || row.day < firstDay) firstDay = row.day;
      if (!lastDay || row.day > lastDay) lastDay = row.day;
    }
  }
  const series = new Map<string, CostSeries>();
  const length = dayIndex(lastDay!) - dayIndex(firstDay!) + 1;
  for (const [scope, days] of byScope) {
    const usage: number[] = [];
    const charges: number[] = [];
    for (let i = 0; i < length; i += 1) {
      const cell = days.get(addDays(firstDay!, i));
      usage.push(cell ? cell.usage.toNumber() : 0);
      charges.push(cell ? cell.charges.toNumber() : 0);
    }
    series.set(scope, { firstDay: firstDay!, usage, charges });
  }
  return series;
}
