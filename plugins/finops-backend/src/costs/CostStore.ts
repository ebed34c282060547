import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { COST_GROUP_BYS } from '@internal/plugin-finops-common';
import type { OverviewQuery, getOverview } from './getOverview';

export type { OverviewQuery };
/** The organisation overview. */
export type Overview = Awaited<ReturnType<typeof getOverview>>;

/** How cost rows are grouped. */
export type CostGroupBy = (typeof COST_GROUP_BYS)[number];

export interface CostQuery {
  applicationIds: number[];
  viewId: number;
  /** First and last month, `YYYY-MM`, inclusive. */
  from: string;
  to: string;
  granularity: 'month' | 'day';
  groupBy: CostGroupBy;
}

export interface CostRow {
  key: string;
  label: string;
  mode: 'DIRECT' | 'INDIRECT';
  /** `YYYY-MM` or `YYYY-MM-DD`. */
  period: string;
  cost: string;
  /** With groupBy product: the quantity and its unit. */
  quantity?: string;
  unit?: string;
}

export interface UnpricedQuantity {
  productKey: string;
  name: string;
  unit: string;
  month: string;
  quantity: string;
}

export interface IndirectShare {
  domainKey: string;
  label: string;
  methodKey?: string;
  month: string;
  coefficient: string;
  amountDistributed: string;
  cost: string;
}

export interface CostResult {
  total: string;
  direct: string;
  indirect: string;
  rows: CostRow[];
  unpriced: UnpricedQuantity[];
  indirectShares: IndirectShare[];
}

export interface Comparison {
  baselineTotal: string;
  total: string;
  difference: string;
  volumeEffect: string;
  priceEffect: string;
}

/** Costs at query time: quantities of the mart × unit prices of a pricing view. */
export interface CostStore {
  /** The organisation overview: totals, series and splits of the whole estate. */
  getOverview(query: OverviewQuery): Promise<Overview>;
  /** The applications whose costs an entity sees (404 when the catalog lacks it). */
  applicationsOf(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<number[]>;
  getCosts(query: CostQuery): Promise<CostResult>;
  /**
   * The difference between a baseline (another view, or another period of the same length) and
   * the current costs, split into volume effect Σ(q₁−q₀)·p₀ and price effect Σq₁·(p₁−p₀).
   */
  compare(
    applicationIds: number[],
    current: { viewId: number; from: string; to: string },
    baseline: { viewId: number; from: string; to: string },
  ): Promise<Comparison>;
}
