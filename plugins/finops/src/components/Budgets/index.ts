export { BudgetSection } from './BudgetSection';
export type { BudgetSectionProps } from './BudgetSection';
export { BudgetsContent } from './BudgetsContent';
