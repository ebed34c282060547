import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { BudgetScopeType } from '@finops-backstage/plugin-finops-common';
import Decimal from 'decimal.js';
import { CostStore } from '../costs/CostStore';
import { CostSeries } from '../forecast/forecastCosts';
import { addDays, dayIndex } from '../forecast/dailySeries';

/** What a budget, a forecast or the anomaly detector looks at. */
export interface Scope {
  scopeType: BudgetScopeType;
  scopeRef?: string;
}

/** The daily cost of a scope, exact, with usage and monthly charges apart, and usage per product. */
export interface ScopeCosts {
  firstDay: string;
  days: string[];
  usage: Decimal[];
  charges: Decimal[];
  products: Map<string, { label: string; costs: Map<string, Decimal> }>;
}

function monthOf(day: string): string {
  return day.slice(0, 7);
}

/** Amounts billed without a usable quantity have a currency as unit (DESIGN.md). */
function isCharge(row: { mode: string; unit?: string }): boolean {
  return row.mode === 'INDIRECT' || /^[A-Z]{3}$/.test(row.unit ?? '');
}

/**
 * Reads the daily costs of a scope from `from` to `to` through the cost store (one query, grouped
 * by product; by account for an account scope).
 */
export async function readScopeCosts(
  deps: { costs: CostStore },
  scope: Scope,
  viewId: number,
  from: string,
  to: string,
  credentials: BackstageCredentials,
): Promise<ScopeCosts> {
  const applicationIds =
    scope.scopeType === 'entity'
      ? await deps.costs.applicationsOf(scope.scopeRef!, credentials)
      : await deps.costs.allApplicationIds();
  const byAccount = scope.scopeType === 'account';
  const result = await deps.costs.getCosts({
    applicationIds,
    viewId,
    from: monthOf(from),
    to: monthOf(to),
    granularity: 'day',
    groupBy: byAccount ? 'account' : 'product',
  });
  const domains =
    scope.scopeType === 'domain'
      ? await deps.costs.productDomains()
      : undefined;
  const length = Math.max(0, dayIndex(to) - dayIndex(from) + 1);
  const days = Array.from({ length }, (_, i) => addDays(from, i));
  const usage = days.map(() => new Decimal(0));
  const charges = days.map(() => new Decimal(0));
  const products: ScopeCosts['products'] = new Map();
  const first = dayIndex(from);
  for (const row of result.rows) {
    const i = dayIndex(row.period) - first;
    if (i < 0 || i >= length) continue;
    if (byAccount && row.key !== scope.scopeRef) continue;
    if (domains && domains.get(row.key) !== scope.scopeRef) continue;
    const cost = new Decimal(row.cost);
    if (isCharge(row)) {
      charges[i] = charges[i].plus(cost);
    } else {
      usage[i] = usage[i].plus(cost);
      if (!byAccount) {
        let product = products.get(row.key);
        if (!product)
          products.set(
            row.key,
            (product = { label: row.label, costs: new Map() }),
          );
        product.costs.set(
          row.period,
          (product.costs.get(row.period) ?? new Decimal(0)).plus(cost),
        );
      }
    }
  }
  return { firstDay: from, days, usage, charges, products };
}

/** The series from its first day with a cost (a scope's history starts there), as floats. */
export function toSeries(
  costs: ScopeCosts,
  end = costs.days.length,
): CostSeries {
  let start = 0;
  while (
    start < end &&
    costs.usage[start].isZero() &&
    costs.charges[start].isZero()
  )
    start += 1;
  return {
    firstDay: addDays(costs.firstDay, start),
    usage: costs.usage.slice(start, end).map(d => d.toNumber()),
    charges: costs.charges.slice(start, end).map(d => d.toNumber()),
  };
}
