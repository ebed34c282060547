import { createApiRef } from '@backstage/frontend-plugin-api';
import { EntityCostStatus, FinopsHealth } from '@internal/plugin-finops-common';

/** Client of the FinOps backend (`/api/finops`). */
export interface FinopsApi {
  getHealth(): Promise<FinopsHealth>;
  getEntityStatus(entityRef: string): Promise<EntityCostStatus>;
}

/** Reference to the FinOps API. */
export const finopsApiRef = createApiRef<FinopsApi>({
  id: 'plugin.finops.service',
});
