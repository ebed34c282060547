/**
 * The extension point through which backend modules add cost sources to FinOps.
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
export { finopsCostSourcesExtensionPoint } from './extensions';
export type { FinopsCostSourcesExtensionPoint } from './extensions';
export { createFinopsClock, utcDay } from './clock';
export type { FinopsClock } from './clock';
