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
} from './FinopsApi';
export { FinopsClient } from './FinopsClient';
