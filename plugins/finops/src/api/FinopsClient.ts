import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  AnomaliesResponse,
  AuditRecord,
  Budget,
  BudgetAlert,
  BudgetStatus,
  CostResponse,
  Domain,
  EntityCostStatus,
  FinopsHealth,
  IngestionRunSummary,
  OverviewResponse,
  PricingRule,
  PricingRuleTarget,
  PricingView,
  RulesReport,
} from '@finops-backstage/plugin-finops-common';
import {
  AnomaliesQuery,
  BudgetInput,
  BudgetUpdate,
  BudgetWithStatus,
  CostsQuery,
  FinopsApi,
  IngestionRunDetail,
  OverviewQuery,
  PricingRuleInput,
} from './FinopsApi';
import type {
  ChargebackClose,
  ChargebackReport,
  CommitmentCoverageReport,
  CommitmentRecommendationsReport,
  CommitmentWhatIf,
  TagComplianceReport,
} from '@finops-backstage/plugin-finops-common';
import type {
  ChargebackQuery,
  TagComplianceQuery,
  UnitCostsQuery,
} from './FinopsApi';
import type {
  BusinessMetricsResponse,
  UnitCostsResponse,
} from '@finops-backstage/plugin-finops-common';

function search(query: object): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') {
      params.set(key, String(value));
    }
  }
  return params.toString();
}

/** {@link FinopsApi} over HTTP, through Backstage's discovery and fetch APIs. */
export class FinopsClient implements FinopsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  getHealth(): Promise<FinopsHealth> {
    return this.request('/health');
  }

  getEntityStatus(entityRef: string): Promise<EntityCostStatus> {
    return this.request(`/entity-status?${search({ entityRef })}`);
  }

  getCosts(query: CostsQuery): Promise<CostResponse> {
    return this.request(`/costs?${search(query)}`);
  }

  async getCostsCsv(query: CostsQuery): Promise<string> {
    const response = await this.send(
      `/costs?${search({ ...query, format: 'csv' })}`,
    );
    return response.text();
  }

  getOverview(query: OverviewQuery): Promise<OverviewResponse> {
    return this.request(`/overview?${search(query)}`);
  }

  getAnomalies(query: AnomaliesQuery): Promise<AnomaliesResponse> {
    return this.request(`/anomalies?${search(query)}`);
  }

  async listPricingViews(): Promise<PricingView[]> {
    return (
      await this.request<{ items: PricingView[] }>('/pricing-views?limit=500')
    ).items;
  }

  getPricingView(key: string): Promise<PricingView & { rules: PricingRule[] }> {
    return this.request(`/pricing-views/${encodeURIComponent(key)}?limit=1000`);
  }

  createPricingView(
    view: Parameters<FinopsApi['createPricingView']>[0],
  ): Promise<PricingView> {
    return this.request('/pricing-views', { method: 'POST', json: view });
  }

  copyPricingView(
    from: string,
    to: { key: string; name: string },
  ): Promise<PricingView> {
    return this.request(`/pricing-views/${encodeURIComponent(from)}/copy`, {
      method: 'POST',
      json: to,
    });
  }

  updatePricingView(
    key: string,
    update: Parameters<FinopsApi['updatePricingView']>[1],
  ): Promise<PricingView> {
    return this.request(`/pricing-views/${encodeURIComponent(key)}`, {
      method: 'PATCH',
      json: update,
    });
  }

  async deletePricingView(key: string): Promise<void> {
    await this.send(`/pricing-views/${encodeURIComponent(key)}`, {
      method: 'DELETE',
    });
  }

  async addPricingRules(
    key: string,
    rules: PricingRuleInput[] | string,
  ): Promise<RulesReport> {
    const path = `/pricing-views/${encodeURIComponent(key)}/rules`;
    const response = await this.send(
      path,
      typeof rules === 'string'
        ? { method: 'POST', csv: rules }
        : { method: 'POST', json: rules },
      [422],
    );
    return response.json();
  }

  async deletePricingRule(key: string, ruleId: string): Promise<void> {
    await this.send(
      `/pricing-views/${encodeURIComponent(key)}/rules/${encodeURIComponent(
        ruleId,
      )}`,
      {
        method: 'DELETE',
      },
    );
  }

  async getPricingViewAudit(key: string): Promise<AuditRecord[]> {
    return (
      await this.request<{ items: AuditRecord[] }>(
        `/pricing-views/${encodeURIComponent(key)}/audit?limit=200`,
      )
    ).items;
  }

  async listDomains(): Promise<Domain[]> {
    return (await this.request<{ items: Domain[] }>('/domains')).items;
  }

  updateDomain(
    key: string,
    update: Parameters<FinopsApi['updateDomain']>[1],
  ): Promise<Domain> {
    return this.request(`/domains/${encodeURIComponent(key)}`, {
      method: 'PATCH',
      json: update,
    });
  }

  async listRuns(limit = 50): Promise<IngestionRunSummary[]> {
    return (
      await this.request<{ items: IngestionRunSummary[] }>(
        `/ingestion/runs?limit=${limit}`,
      )
    ).items;
  }

  getRun(runId: number): Promise<IngestionRunDetail> {
    return this.request(`/ingestion/runs/${runId}?limit=1000`);
  }

  triggerRun(
    request: { months?: string[]; force?: boolean } = {},
  ): Promise<{ runId: number }> {
    return this.request('/ingestion/runs', { method: 'POST', json: request });
  }

  async listBudgets(
    query: { entityRef?: string } = {},
  ): Promise<BudgetWithStatus[]> {
    return (
      await this.request<{ items: BudgetWithStatus[] }>(
        `/budgets?${search({ ...query, status: 'true' })}`,
      )
    ).items;
  }

  createBudget(budget: BudgetInput): Promise<Budget> {
    return this.request('/budgets', { method: 'POST', json: budget });
  }

  updateBudget(id: string, update: BudgetUpdate): Promise<Budget> {
    return this.request(`/budgets/${encodeURIComponent(id)}`, {
      method: 'PATCH',
      json: update,
    });
  }

  async deleteBudget(id: string): Promise<void> {
    await this.send(`/budgets/${encodeURIComponent(id)}`, { method: 'DELETE' });
  }

  getBudgetStatus(id: string, at?: string): Promise<BudgetStatus> {
    const query = at ? `?${search({ at })}` : '';
    return this.request(`/budgets/${encodeURIComponent(id)}/status${query}`);
  }

  async getBudgetAlerts(id: string): Promise<BudgetAlert[]> {
    return (
      await this.request<{ items: BudgetAlert[] }>(
        `/budgets/${encodeURIComponent(id)}/alerts?limit=100`,
      )
    ).items;
  }

  getChargeback(query: ChargebackQuery): Promise<ChargebackReport> {
    return this.request(`/chargeback?${search(query)}`);
  }

  async getChargebackCsv(query: ChargebackQuery): Promise<string> {
    const response = await this.send(
      `/chargeback?${search({ ...query, format: 'csv' })}`,
    );
    return response.text();
  }

  closeChargeback(request: {
    month: string;
    view?: string;
    note?: string;
  }): Promise<ChargebackClose> {
    return this.request('/chargeback/close', { method: 'POST', json: request });
  }

  getCommitmentCoverage(query: {
    from: string;
    to: string;
    view?: string;
    entityRef?: string;
  }): Promise<CommitmentCoverageReport> {
    return this.request(`/commitments/coverage?${search(query)}`);
  }

  getCommitmentRecommendations(query: {
    view?: string;
    lookbackDays?: number;
    entityRef?: string;
  }): Promise<CommitmentRecommendationsReport> {
    return this.request(`/commitments/recommendations?${search(query)}`);
  }

  createCommitmentWhatIf(
    request: Parameters<FinopsApi['createCommitmentWhatIf']>[0],
  ): Promise<CommitmentWhatIf> {
    return this.request('/commitments/what-if', {
      method: 'POST',
      json: request,
    });
  }

  getTagCompliance(query: TagComplianceQuery): Promise<TagComplianceReport> {
    return this.request(`/tag-compliance?${search(query)}`);
  }

  listBusinessMetrics(
    query: { entityRef?: string } = {},
  ): Promise<BusinessMetricsResponse> {
    return this.request(`/business-metrics?${search(query)}`);
  }

  getUnitCosts(query: UnitCostsQuery): Promise<UnitCostsResponse> {
    return this.request(`/unit-costs?${search(query)}`);
  }

  async checkPricingRules(
    key: string,
    rules: PricingRuleInput[] | string,
  ): Promise<RulesReport> {
    const path = `/pricing-views/${encodeURIComponent(key)}/rules?dryRun=true`;
    const response = await this.send(
      path,
      typeof rules === 'string'
        ? { method: 'POST', csv: rules }
        : { method: 'POST', json: rules },
    );
    return response.json();
  }

  async listPricingRuleTargets(query: {
    type: 'family' | 'product';
    search?: string;
    limit?: number;
  }): Promise<PricingRuleTarget[]> {
    return (
      await this.request<{ items: PricingRuleTarget[] }>(
        `/pricing-targets?${search(query)}`,
      )
    ).items;
  }

  private async request<T>(
    path: string,
    options?: { method: string; json?: unknown; csv?: string },
  ): Promise<T> {
    return (await this.send(path, options)).json();
  }

  private async send(
    path: string,
    options?: { method: string; json?: unknown; csv?: string },
    acceptedErrors: number[] = [],
  ): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl('finops');
    const init: RequestInit = { method: options?.method ?? 'GET' };
    if (options?.json !== undefined) {
      init.headers = { 'Content-Type': 'application/json' };
      init.body = JSON.stringify(options.json);
    } else if (options?.csv !== undefined) {
      init.headers = { 'Content-Type': 'text/csv' };
      init.body = options.csv;
    }
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok && !acceptedErrors.includes(response.status)) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }
}
