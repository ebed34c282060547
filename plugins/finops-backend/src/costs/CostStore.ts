import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  COST_GROUP_BYS,
  CostComparison,
  CostResult,
  CostRow,
  IndirectShare,
  UnpricedQuantity,
} from '@internal/plugin-finops-common';
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

export type { CostRow, UnpricedQuantity, IndirectShare, CostResult };
/** The volume / price split of a difference. */
export type Comparison = CostComparison;

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
