export { CostTab } from './CostTab';
