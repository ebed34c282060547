export { finopsApiRef } from './FinopsApi';
export type {
  CostsQuery,
  CreatablePricingViewKind,
  FinopsApi,
  IngestionRunDetail,
  OverviewQuery,
  PricingRuleInput,
} from './FinopsApi';
export { FinopsClient } from './FinopsClient';
