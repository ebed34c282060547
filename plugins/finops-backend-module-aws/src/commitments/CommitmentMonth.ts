import { CostExplorerCalls } from '../commandPages';

/** What the readers of a month's coverage and utilisation share. */
export interface CommitmentMonth extends CostExplorerCalls {
  /** The month as Cost Explorer takes it: MONTHLY, End exclusive. */
  query: {
    TimePeriod: { Start: string; End: string };
    Granularity: 'MONTHLY';
  };
  /** The insights' period: first and last (inclusive) day read. */
  period: { periodStart: string; periodEnd: string };
}
