import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  AnomaliesResponse,
  AuditRecord,
  Budget,
  BudgetAlert,
  BudgetPeriod,
  BudgetScopeType,
  BudgetStatus,
  CostResponse,
  Domain,
  EntityCostStatus,
  FinopsHealth,
  IngestionLoadStatus,
  IngestionRunSummary,
  OverviewResponse,
  PricingRule,
  PricingRuleTarget,
  PricingView,
  RulesReport,
} from '@finops-backstage/plugin-finops-common';
import type { pricingViewCreateSchema } from '@finops-backstage/plugin-finops-common';
import type {
  ChargebackClose,
  ChargebackReport,
  CommitmentCoverageReport,
  CommitmentPaymentOption,
  CommitmentRecommendationsReport,
  CommitmentTerm,
  CommitmentWhatIf,
  TagComplianceReport,
} from '@finops-backstage/plugin-finops-common';
import type {
  BusinessMetricsResponse,
  UnitCostsResponse,
} from '@finops-backstage/plugin-finops-common';

/** Query of an entity's cost per unit of one of its business metrics. */
export interface UnitCostsQuery {
  entityRef: string;
  metric: string;
  /** Pricing view key; default `actual`. */
  view?: string;
  from: string;
  to: string;
}

/** Query of a chargeback report. */
export interface ChargebackQuery {
  month: string;
  view?: string;
  entityRef?: string;
}

/** Query of the tag compliance report of the estate. */
export interface TagComplianceQuery {
  month: string;
  /** Pricing view key; default `actual`. */
  view?: string;
  /** How many non-compliant resources, and slices per dimension, to list (default 50). */
  limit?: number;
  /** Months of trend up to `month` (default 6). */
  trendMonths?: number;
}

/** Query of the entity costs. */
export interface CostsQuery {
  entityRef: string;
  /** Pricing view key; default `actual`. */
  view?: string;
  from: string;
  to: string;
  granularity?: 'month' | 'day';
  groupBy?:
    | 'domain'
    | 'family'
    | 'product'
    | 'account'
    | 'region'
    | 'component';
  compareView?: string;
  compareTo?: 'previous';
}

/** The kinds of pricing view users create (the others are written by the ingestion batch). */
export type CreatablePricingViewKind =
  (typeof pricingViewCreateSchema.shape.kind.options)[number];

/** Query of the organisation overview. */
export interface OverviewQuery {
  view?: string;
  from: string;
  to: string;
  cloud?: string;
  account?: string;
  category?: string;
}

/** Query of the daily anomalies of an entity, or of the estate without `entityRef`. */
export interface AnomaliesQuery {
  entityRef?: string;
  view?: string;
  /** First and last month, `YYYY-MM`; days after yesterday are not judged. */
  from: string;
  to: string;
}

/** A rule to add; exactly one target and one of unitPrice / multiplier. */
export interface PricingRuleInput {
  product?: string;
  family?: string;
  domain?: string;
  unitPrice?: string;
  multiplier?: string;
  validFrom: string;
  validTo?: string;
}

/** One ingestion run with its ledger and rejected rows. */
export interface IngestionRunDetail extends IngestionRunSummary {
  ledger: Array<{
    sourceKey: string;
    domainKey?: string;
    month: string;
    status: IngestionLoadStatus;
    rowsRead: number;
    rowsLoaded: number;
    rowsRejected: number;
    isFinal: boolean;
    detail?: string;
  }>;
  rejected: Array<{
    sourceKey: string;
    domainKey?: string;
    month: string;
    line: string;
    reason: string;
  }>;
  /** True when the rows themselves were withheld (no `finops.rawRows.read`). */
  rawRowsWithheld?: boolean;
  /** Rejected rows of one source, domain and month counted by the kind of their reason. */
  rejectedReasons?: RejectedReason[];
}

/** Rejected rows of one source, domain and month counted by the kind of their reason. */
export interface RejectedReason {
  sourceKey: string;
  domainKey?: string;
  month: string;
  reason: string;
  rows: number;
}

/** A budget with where it stands today (`GET /budgets?status=true`). */
export interface BudgetWithStatus extends Budget {
  status: BudgetStatus;
}

/** A budget to create; thresholds default to 50/80/100, the view to `actual`. */
export interface BudgetInput {
  name: string;
  scopeType: BudgetScopeType;
  scopeRef?: string;
  period: BudgetPeriod;
  amount: string;
  view?: string;
  thresholds?: string[];
  alertOnForecast?: boolean;
}

/** A change of a budget (its scope does not change). */
export interface BudgetUpdate {
  name?: string;
  period?: BudgetPeriod;
  amount?: string;
  view?: string;
  thresholds?: string[];
  alertOnForecast?: boolean;
}

/** Client of the FinOps backend (`/api/finops`). Errors are `ResponseError`s. */
export interface FinopsApi {
  getHealth(): Promise<FinopsHealth>;
  getEntityStatus(entityRef: string): Promise<EntityCostStatus>;
  getCosts(query: CostsQuery): Promise<CostResponse>;
  /** The CSV export of the same query (quoted, formulas neutralised). */
  getCostsCsv(query: CostsQuery): Promise<string>;
  getOverview(query: OverviewQuery): Promise<OverviewResponse>;
  /** Days whose cost is far from what their weekday and level let expect. */
  getAnomalies(query: AnomaliesQuery): Promise<AnomaliesResponse>;
  listPricingViews(): Promise<PricingView[]>;
  getPricingView(key: string): Promise<PricingView & { rules: PricingRule[] }>;
  createPricingView(view: {
    key: string;
    name: string;
    description?: string;
    kind: CreatablePricingViewKind;
    currency: string;
    parent?: string;
  }): Promise<PricingView>;
  copyPricingView(
    from: string,
    to: { key: string; name: string },
  ): Promise<PricingView>;
  updatePricingView(
    key: string,
    update: {
      name?: string;
      description?: string;
      currency?: string;
      parent?: string;
    },
  ): Promise<PricingView>;
  deletePricingView(key: string): Promise<void>;
  /** Adds rules from a JSON list, or from CSV text (header product,family,domain,unitPrice,multiplier,validFrom,validTo). */
  addPricingRules(
    key: string,
    rules: PricingRuleInput[] | string,
  ): Promise<RulesReport>;
  deletePricingRule(key: string, ruleId: string): Promise<void>;
  getPricingViewAudit(key: string): Promise<AuditRecord[]>;
  listDomains(): Promise<Domain[]>;
  updateDomain(
    key: string,
    update: {
      mode?: 'DIRECT' | 'INDIRECT';
      indirectMethodKey?: string;
      indirectLabel?: string;
    },
  ): Promise<Domain>;
  listRuns(limit?: number): Promise<IngestionRunSummary[]>;
  getRun(runId: number): Promise<IngestionRunDetail>;
  triggerRun(request?: {
    months?: string[];
    force?: boolean;
  }): Promise<{ runId: number }>;
  /** The budgets, with their status; only those of one scope entity when `entityRef` is given. */
  listBudgets(query?: { entityRef?: string }): Promise<BudgetWithStatus[]>;
  createBudget(budget: BudgetInput): Promise<Budget>;
  updateBudget(id: string, update: BudgetUpdate): Promise<Budget>;
  deleteBudget(id: string): Promise<void>;
  /** Where a budget stands on a day of its period (default today). */
  getBudgetStatus(id: string, at?: string): Promise<BudgetStatus>;
  /** The alerts a budget raised, newest first. */
  getBudgetAlerts(id: string): Promise<BudgetAlert[]>;
  getChargeback(query: ChargebackQuery): Promise<ChargebackReport>;
  /** The finance export of a chargeback report, as CSV text. */
  getChargebackCsv(query: ChargebackQuery): Promise<string>;
  closeChargeback(request: {
    month: string;
    view?: string;
    note?: string;
  }): Promise<ChargebackClose>;
  getCommitmentCoverage(query: {
    from: string;
    to: string;
    view?: string;
    entityRef?: string;
  }): Promise<CommitmentCoverageReport>;
  getCommitmentRecommendations(query: {
    view?: string;
    lookbackDays?: number;
    entityRef?: string;
  }): Promise<CommitmentRecommendationsReport>;
  /** Turns a recommendation into a what-if pricing view. */
  createCommitmentWhatIf(request: {
    productKey: string;
    term: CommitmentTerm;
    paymentOption: CommitmentPaymentOption;
    view?: string;
    lookbackDays?: number;
    entityRef?: string;
  }): Promise<CommitmentWhatIf>;
  /** How much of a month's cost carries the mandatory tags, and what misses them. */
  getTagCompliance(query: TagComplianceQuery): Promise<TagComplianceReport>;
  /** Unit economics: the entities with a business metric (of one entity, when given). */
  listBusinessMetrics(query?: {
    entityRef?: string;
  }): Promise<BusinessMetricsResponse>;
  /** Unit economics: an entity's cost per unit of a metric, by month, and its change. */
  getUnitCosts(query: UnitCostsQuery): Promise<UnitCostsResponse>;
  /**
   * Checks rules as {@link FinopsApi.addPricingRules} would and writes nothing (`?dryRun=true`):
   * how many would be added, and the rejected ones with the server's reasons.
   */
  checkPricingRules(
    key: string,
    rules: PricingRuleInput[] | string,
  ): Promise<RulesReport>;
  /** The families, or the products whose key or name contains `search`, a rule can target. */
  listPricingRuleTargets(query: {
    type: 'family' | 'product';
    search?: string;
    limit?: number;
  }): Promise<PricingRuleTarget[]>;
}

/** Reference to the FinOps API. */
export const finopsApiRef = createApiRef<FinopsApi>({
  id: 'plugin.finops.service',
});
