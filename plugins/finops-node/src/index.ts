/**
 * The extension points through which backend modules add cost sources and business metric
 * sources to FinOps.
 *
 * @packageDocumentation
 */
export type {
  ChargeCategory,
  CommitmentInsight,
  CostSource,
  CostSourceCommitment,
  CostSourceDomain,
  CostSourceProduct,
  CostSourceRequest,
  CostSourceRow,
  PricingCategory,
  SourceMonth,
  SourceMonthsRequest,
} from './CostSource';
export { IncompleteDeliveryError } from './CostSource';
export {
  finopsBusinessMetricsExtensionPoint,
  finopsCostSourcesExtensionPoint,
} from './extensions';
export type {
  FinopsBusinessMetricsExtensionPoint,
  FinopsCostSourcesExtensionPoint,
} from './extensions';
export type {
  BusinessMetricSource,
  BusinessMetricValue,
} from './BusinessMetricSource';
export { createCostSourceModule } from './createCostSourceModule';
export { readSourceMonth } from './readSourceMonth';
export { createFinopsClock, utcDay } from './clock';
export type { FinopsClock } from './clock';
