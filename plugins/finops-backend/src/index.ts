/**
 * The FinOps backend plugin.
 *
 * @packageDocumentation
 */
export { finopsPlugin as default } from './plugin';
export {
  budgetPermissionResourceRef,
  budgetPermissionRules,
  createFinopsBudgetConditionalDecision,
  finopsBudgetConditions,
} from './budgets/budgetPermissionRules';
export type {
  BudgetQuery,
  BudgetResource,
} from './budgets/budgetPermissionRules';
