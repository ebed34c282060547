import { BudgetWithStatus } from '../../api';
import { formatMoney } from '../shared';

/** The period of a budget in words, e.g. `Monthly`. */
export const PERIOD_NAMES = {
  month: 'Monthly',
  quarter: 'Quarterly',
  year: 'Yearly',
} as const;

/** A percent string as shown, e.g. `"83.456"` → `83.5 %`. */
export function formatPercent(value: string): string {
  return `${new Intl.NumberFormat('en-US', {
    maximumFractionDigits: 1,
  }).format(Number(value))} %`;
}

/** The budgets, riskiest (forecast ÷ amount) first. */
export function byRisk(budgets: BudgetWithStatus[]): BudgetWithStatus[] {
  return [...budgets].sort(
    (a, b) => Number(b.status.risk) - Number(a.status.risk),
  );
}

const SCOPE_NAMES = {
  entity: 'Catalog entity',
  domain: 'Cost domain',
  account: 'Account',
  estate: 'The whole estate',
} as const;

/** What a budget covers, in words, e.g. `Cost domain aws`; the kind alone without a ref. */
export function scopeLabel(
  scopeType: keyof typeof SCOPE_NAMES,
  scopeRef?: string,
): string {
  if (scopeType === 'estate' || !scopeRef) {
    return SCOPE_NAMES[scopeType];
  }
  return scopeType === 'entity'
    ? scopeRef
    : `${SCOPE_NAMES[scopeType]} ${scopeRef}`;
}

/**
 * The resource ref the permission policy judges a budget's writes by: the entity for an entity
 * budget (its owners may manage it); for other scopes a ref no catalog entity has, so that only a
 * definitive allow (FinOps admins) lets them through.
 */
export function budgetResourceRef(
  scopeType: keyof typeof SCOPE_NAMES,
  scopeRef?: string,
): string {
  return scopeType === 'entity' && scopeRef
    ? scopeRef
    : `finops-budget-scope:default/${scopeType}`;
}

/** Whether a budget's forecast reaches its amount (risk, forecast ÷ amount, of 100 % or more). */
export function isAtRisk(budget: BudgetWithStatus): boolean {
  return Number(budget.status.risk) >= 100;
}

/**
 * The forecast interval as the chart's tooltip says it, in full money: compact ends of a narrow
 * interval would read the same (`$2.3K – $2.3K`).
 */
export function intervalText(
  low: number | string,
  high: number | string,
  currency: string,
): string {
  return `${formatMoney(String(low), currency)} – ${formatMoney(
    String(high),
    currency,
  )}`;
}
