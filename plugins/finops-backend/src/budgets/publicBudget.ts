import { Budget } from '@finops-backstage/plugin-finops-common';
import { StoredBudget } from './BudgetStore';

/** What the API shows of a stored budget. */
export function publicBudget(budget: StoredBudget): Budget {
  const { viewId: _viewId, ...rest } = budget;
  return rest;
}
