import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  COST_GROUP_BYS,
  CostComparison,
  CostResult,
  CostRow,
  IndirectShare,
  OverviewFilterValues,
  UnpricedQuantity,
} from '@finops-backstage/plugin-finops-common';
import type { OverviewQuery, getOverview } from './operations/getOverview';

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
  /**
   * The last day included, `YYYY-MM-DD` of the `to` month: the `to` month is cut after it (its
   * application-months keep the cents of their days up to it); the months before are whole.
   */
  through?: string;
}

/** A period of whole months, the last one cut after `through` when given. */
export interface Period {
  from: string;
  to: string;
  through?: string;
}

/** A period and the one it is compared with: the same length, cut on the same day of the month. */
export interface ComparedPeriods {
  current: Period;
  previous: Period;
}

export type { CostRow, UnpricedQuantity, IndirectShare, CostResult };
/** A comparison that reconciles: volume and price effects and what is priced on one side only. */
export type Comparison = CostComparison;

/** Costs at query time: quantities of the mart × unit prices of a pricing view. */
export interface CostStore {
  /** The organisation overview: totals, series and splits of the whole estate. */
  getOverview(query: OverviewQuery): Promise<Overview>;
  /** The values the overview's filters accept: clouds, accounts and categories of the mart. */
  overviewFilterValues(): Promise<OverviewFilterValues>;
  /** The applications whose costs an entity sees (404 when the catalog lacks it). */
  applicationsOf(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<number[]>;
  /**
   * {@link CostStore.applicationsOf}, and read in the same statement the stamp of the data an
   * answer depends on (the last load, audited change and finished run): one round trip, not two.
   */
  applicationsWithStamp(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<{ applicationIds: number[]; stamp: Record<string, unknown> }>;
  /** Every application of the mart, `unallocated` included: the estate. */
  allApplicationIds(): Promise<number[]>;
  /** The catalog components of the mart and their owners. */
  listComponents(): Promise<Array<{ entityRef: string; ownerRef?: string }>>;
  /** The domain key of every product key. */
  productDomains(): Promise<Map<string, string>>;
  /**
   * Rows, totals and indirect shares that add up to the cent: one application's direct (or
   * indirect) cost of a month is rounded half away from zero, every other figure is a sum of
   * those cents allocated by largest remainder.
   */
  getCosts(query: CostQuery): Promise<CostResult>;
  /**
   * The difference between a baseline (another view, or another period of the same length) and
   * the current costs, split into volume effect Σ(q₁−q₀)·p₀, price effect Σq₁·(p₁−p₀) and what
   * is priced on one side only; both totals are what {@link CostStore.getCosts} answers.
   */
  compare(
    applicationIds: number[],
    current: { viewId: number } & Period,
    baseline: { viewId: number } & Period,
  ): Promise<Comparison>;
  /**
   * Like for like: a period whose last month is the current one (per `now`, UTC) is cut after the
   * last day loaded in the estate (never after today), and the previous period of the same
   * length is cut on the same day of its last month (or that month's last day), so that month to
   * date is compared with the previous month to date. An explicit `through` is kept as it is; a
   * cut on the last day of its month is no cut.
   */
  comparedPeriods(period: Period, now: Date): Promise<ComparedPeriods>;
}
