export {
  formatCoefficient,
  formatMoney,
  formatQuantity,
  formatShare,
  formatUnitPrice,
  monthRangeOf,
  PERIOD_LABELS,
  PERIOD_PRESETS,
  recentMonths,
  selectedMonthsOf,
  type MonthRange,
  type PeriodChoice,
  type PeriodPreset,
  type PeriodSelection,
} from './format';
export { errorMessage } from './errorMessage';
export { useAnomalies } from './useAnomalies';
export { Kpi, type KpiProps } from './Kpi';
export { ConfirmDeleteDialog } from './ConfirmDeleteDialog';
export { chartStyles } from './chartStyles';
export { FilterBar, type FilterBarProps } from './FilterBar';
export { SelectField, type SelectFieldProps } from './SelectField';
export { PeriodPicker, type PeriodPickerProps } from './PeriodPicker';
export { DailyChart, type DailyChartProps } from './DailyChart';
export { FormDialog, type FormDialogProps } from './FormDialog';
export {
  TableHeadRow,
  type Heading,
  type TableHeadRowProps,
} from './TableHeadRow';
export { cloudLabel, labelOf, serviceLabel } from './labels';
export { otherColour, seriesColours } from './seriesColours';
export { FigureTable } from './FigureTable';
export {
  DataTable,
  type DataColumn,
  type DataSort,
  type DataTableProps,
} from './DataTable';
export { moneyColumn, shareColumn } from './figureColumns';
export { BarsChart, type BarsChartProps } from './BarsChart';
export { moneyBarFrame, type MoneyBarFrameOptions } from './moneyBarFrame';
export { MoversCard, type MoversCardProps } from './MoversCard';
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
  type UrlStateCodec,
} from './useUrlState';
export { CopyLinkButton } from './CopyLinkButton';
export { LoadError, type LoadErrorProps } from './LoadError';
export { AmountField, type AmountFieldProps } from './AmountField';
export { parseAmount, symbolOf, type ParsedAmount } from './parseAmount';
export { EntityRefPicker, type EntityRefPickerProps } from './EntityRefPicker';
export { MonthField, type MonthFieldProps } from './MonthField';
