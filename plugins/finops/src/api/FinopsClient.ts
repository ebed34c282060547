import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { EntityCostStatus, FinopsHealth } from '@internal/plugin-finops-common';
import { FinopsApi } from './FinopsApi';

/** {@link FinopsApi} over HTTP, through Backstage's discovery and fetch APIs. */
export class FinopsClient implements FinopsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  getHealth(): Promise<FinopsHealth> {
    return this.get('/health');
  }

  getEntityStatus(entityRef: string): Promise<EntityCostStatus> {
    return this.get(`/entity-status?${new URLSearchParams({ entityRef })}`);
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('finops');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
