import { BudgetWithStatus } from '../../api';

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
