import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { BusinessMetricSource } from './BusinessMetricSource';
import { CostSource } from './CostSource';

/** Lets backend modules add cost sources to the FinOps plugin. */
export interface FinopsCostSourcesExtensionPoint {
  addCostSource(...sources: CostSource[]): void;
}

/** Extension point through which a backend module adds cost sources. */
export const finopsCostSourcesExtensionPoint =
  createExtensionPoint<FinopsCostSourcesExtensionPoint>({
    id: 'finops.cost-sources',
  });

/** Lets backend modules add business metric sources (unit economics) to the FinOps plugin. */
export interface FinopsBusinessMetricsExtensionPoint {
  addMetricSource(...sources: BusinessMetricSource[]): void;
}

/**
 * Extension point through which a backend module adds business metric sources (e.g. orders from a
 * metrics backend), loaded at start-up and as each ingestion run starts.
 */
export const finopsBusinessMetricsExtensionPoint =
  createExtensionPoint<FinopsBusinessMetricsExtensionPoint>({
    id: 'finops.business-metrics',
  });
