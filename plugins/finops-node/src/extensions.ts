import { createExtensionPoint } from '@backstage/backend-plugin-api';
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
