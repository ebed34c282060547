import {
  CommitmentCoverage,
  CommitmentRecommendation,
  CommitmentUtilisation,
  ProviderCommitmentFigure,
} from '@finops-backstage/plugin-finops-common';

/** The months, view and scope of the coverage. */
export interface CoverageQuery {
  from: string;
  to: string;
  viewId: number;
  applicationIds?: number[];
  sourceKey?: string;
}

/** The months and view of the utilisation. */
export interface UtilisationQuery {
  from: string;
  to: string;
  viewId: number;
  sourceKey?: string;
}

/** The months and kinds of the providers' figures. */
export interface ProviderFiguresQuery {
  from: string;
  to: string;
  kinds: Array<ProviderCommitmentFigure['kind']>;
}

/** What purchase recommendations are asked for. */
export interface RecommendationsQuery {
  viewId: number;
  lookbackDays: number;
  /** Today, `YYYY-MM-DD`, from the backend's clock: usage from today on is not complete. */
  today: string;
  applicationIds?: number[];
  rateViewIds: Map<string, number>;
}

/**
 * Reservations and savings plans: coverage and utilisation from the billing rows (FOCUS
 * pricing category and commitment columns), the providers' own figures, and purchase
 * recommendations of our own engine priced through the `ri-*` rate views.
 */
export interface CommitmentStore {
  /**
   * Coverage per month, eligible family and unit: usage a commitment covered vs usage on demand,
   * each unit on its own (hours with hours, GB with GB: a family meters its products in several).
   * Hour-like units (`Hrs`, `Hours`, `h`) are one unit, `Hours`. Quantities below zero (refunds,
   * corrections, which the batch meters in currency) are not usage and are left out.
   */
  coverage(query: CoverageQuery): Promise<CommitmentCoverage[]>;
  /**
   * Utilisation per commitment and month: the commitment quantity used and left unused, the
   * commitment's own charges in the view (purchases, recurring fees) and their unused share.
   */
  utilisation(query: UtilisationQuery): Promise<CommitmentUtilisation[]>;
  /** The providers' own figures (coverage, utilisation, recommendations) of the months. */
  providerFigures(
    query: ProviderFiguresQuery,
  ): Promise<ProviderCommitmentFigure[]>;
  /**
   * Asks the pricing module for the `ri-*` rate views (children of actual, a multiplier per
   * eligible family) once the families exist. A write: the plugin calls it after each ingestion
   * run (the families exist after the first), never a GET. A view that ever existed (even deleted
   * since) is left alone: admins own them once created.
   */
  ensureRateViews(): Promise<void>;
  /**
   * Purchase recommendations: over the lookback, the daily on-demand usage of each eligible
   * product, its steady baseline (10th percentile of daily usage, days without usage counting 0),
   * its steadiness, and each option priced through the rate views against the on-demand price of
   * the view in the last month the product was used.
   *
   * The lookback ends at the last day of eligible on-demand usage before `today`: not at the last
   * day of any data, which on the 1st of a month is a monthly charge or an indirect share booked
   * on that day, in a month that holds no usage (and so no price) yet.
   */
  recommendations(
    query: RecommendationsQuery,
  ): Promise<{ until?: string; recommendations: CommitmentRecommendation[] }>;
}
