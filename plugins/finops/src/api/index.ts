export { finopsApiRef } from './FinopsApi';
export type {
  AnomaliesQuery,
  BudgetInput,
  BudgetUpdate,
  BudgetWithStatus,
  CostsQuery,
  CreatablePricingViewKind,
  FinopsApi,
  IngestionRunDetail,
  OverviewQuery,
  PricingRuleInput,
  RejectedReason,
  TagComplianceQuery,
  UnitCostsQuery,
} from './FinopsApi';
export { FinopsClient } from './FinopsClient';
