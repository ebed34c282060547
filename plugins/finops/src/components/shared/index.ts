export {
  formatMoney,
  formatQuantity,
  formatShare,
  monthRangeOf,
  PERIOD_LABELS,
  PERIOD_PRESETS,
  recentMonths,
  selectedMonthsOf,
} from './format';
export type {
  MonthRange,
  PeriodChoice,
  PeriodPreset,
  PeriodSelection,
} from './format';
export { errorMessage } from './errorMessage';
export { useAnomalies } from './useAnomalies';
export { Kpi } from './Kpi';
export type { KpiProps } from './Kpi';
export { ConfirmDeleteDialog } from './ConfirmDeleteDialog';
export { chartStyles } from './chartStyles';
export { FilterBar } from './FilterBar';
export type { FilterBarProps } from './FilterBar';
export { SelectField } from './SelectField';
export type { SelectFieldProps } from './SelectField';
export { PeriodPicker } from './PeriodPicker';
export type { PeriodPickerProps } from './PeriodPicker';
export { DailyChart } from './DailyChart';
export type { DailyChartProps } from './DailyChart';
export { FormDialog } from './FormDialog';
export type { FormDialogProps } from './FormDialog';
export { TableHeadRow } from './TableHeadRow';
export type { Heading, TableHeadRowProps } from './TableHeadRow';
export { formatCoefficient, formatUnitPrice } from './format';
export { cloudLabel, labelOf, serviceLabel } from './labels';
export { otherColour, seriesColours } from './seriesColours';
export { FigureTable } from './FigureTable';
export { DataTable } from './DataTable';
export type { DataColumn, DataSort, DataTableProps } from './DataTable';
export { moneyColumn, shareColumn } from './figureColumns';
export { BarsChart } from './BarsChart';
export type { BarsChartProps } from './BarsChart';
export { moneyBarFrame } from './moneyBarFrame';
export type { MoneyBarFrameOptions } from './moneyBarFrame';
export { MoversCard } from './MoversCard';
export type { MoversCardProps } from './MoversCard';
export { negated, percentOf, signedMoney } from './changeFormat';
export {
  MONTH_VIEW_URL_KEYS,
  PERIOD_URL_KEYS,
  monthParam,
  monthViewCodec,
  oneOf,
  periodFromParams,
  periodToParams,
  useUrlParam,
  useUrlState,
} from './useUrlState';
export type { UrlStateCodec } from './useUrlState';
export { CopyLinkButton } from './CopyLinkButton';
export { LoadError } from './LoadError';
export type { LoadErrorProps } from './LoadError';
export { AmountField } from './AmountField';
export type { AmountFieldProps } from './AmountField';
export { parseAmount, symbolOf } from './parseAmount';
export type { ParsedAmount } from './parseAmount';
export { EntityRefPicker } from './EntityRefPicker';
export type { EntityRefPickerProps } from './EntityRefPicker';
export { MonthField } from './MonthField';
export type { MonthFieldProps } from './MonthField';
