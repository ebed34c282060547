import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CostAnomaly,
  roundCents,
} from '@finops-backstage/plugin-finops-common';
import { CostStore } from '../costs/CostStore';
import { Scope, readScopeCosts } from '../budgets/readScopeCosts';
import { addDays, median } from '../forecast/dailySeries';
import { AnomalyOptions, detectAnomalies } from './detectAnomalies';

/** Days read before the first day asked, for the detector's warm-up and weekday profile. */
const LOOKBACK_DAYS = 91;

/**
 * The anomalies of a scope's daily usage cost from `from` to `to` (days, inclusive), each with the
 * products that explain most of the difference (a product's expected value: the median of its
 * last four same weekdays).
 */
export async function findAnomalies(
  deps: { costs: CostStore },
  scope: Scope,
  viewId: number,
  from: string,
  to: string,
  credentials: BackstageCredentials,
  options: AnomalyOptions = {},
): Promise<CostAnomaly[]> {
  const start = addDays(from, -LOOKBACK_DAYS);
  const costs = await readScopeCosts(
    deps,
    scope,
    viewId,
    start,
    to,
    credentials,
  );
  let first = 0;
  while (first < costs.days.length && costs.usage[first].isZero()) first += 1;
  const values = costs.usage.slice(first).map(d => d.toNumber());
  const found = detectAnomalies(values, costs.days[first] ?? from, options);
  return found
    .filter(a => a.day >= from && a.day <= to)
    .map(anomaly => {
      const difference = anomaly.actual - anomaly.expected;
      const products = [...costs.products.entries()]
        .map(([key, product]) => {
          const actual = product.costs.get(anomaly.day)?.toNumber() ?? 0;
          const expected = median(
            [7, 14, 21, 28].map(
              k => product.costs.get(addDays(anomaly.day, -k))?.toNumber() ?? 0,
            ),
          );
          return { key, label: product.label, actual, expected };
        })
        .map(p => ({ ...p, difference: p.actual - p.expected }))
        .filter(p => Math.sign(p.difference) === Math.sign(difference))
        .sort((a, b) => Math.abs(b.difference) - Math.abs(a.difference))
        .slice(0, 3)
        .map(p => ({
          key: p.key,
          label: p.label,
          expected: roundCents(p.expected),
          actual: roundCents(p.actual),
          difference: roundCents(p.difference),
        }));
      return {
        day: anomaly.day,
        expected: roundCents(anomaly.expected),
        actual: roundCents(anomaly.actual),
        difference: roundCents(difference),
        score: Math.round(anomaly.score * 10) / 10,
        products,
      };
    });
}
