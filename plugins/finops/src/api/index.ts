export { finopsApiRef } from './FinopsApi';
export type {
  CostsQuery,
  FinopsApi,
  IngestionRunDetail,
  OverviewQuery,
  PricingRuleInput,
} from './FinopsApi';
export { FinopsClient } from './FinopsClient';
