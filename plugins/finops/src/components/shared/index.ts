export {
  formatMoney,
  formatQuantity,
  monthRangeOf,
  PERIOD_LABELS,
  PERIOD_PRESETS,
} from './format';
export type { MonthRange, PeriodPreset } from './format';
export { errorMessage } from './errorMessage';
export { useAnomalies } from './useAnomalies';
export { Kpi } from './Kpi';
export type { KpiProps } from './Kpi';
export { ConfirmDeleteDialog } from './ConfirmDeleteDialog';
