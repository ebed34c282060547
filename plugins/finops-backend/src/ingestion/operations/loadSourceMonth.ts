import {
  CostSource,
  CostSourceDomain,
} from '@finops-backstage/plugin-finops-node';
import { Knex } from 'knex';
import { PoolClient } from 'pg';
import { ApplicationMapper } from '../ApplicationMapper';
import { DimensionIds } from './DimensionIds';
import { stageSourceMonth } from './stageSourceMonth';

export { stageSourceMonth };

/** Limits that keep a bad source from replacing good data. */
export interface LoadGuards {
  /** Refuse to replace a month when more than this share of its rows is rejected (0.05 = 5 %). */
  rejectThreshold: number;
  /** Refuse to replace a month whose billed total falls by more than this share (0.5 = −50 %). */
  dropThreshold: number;
  /** Replace the month even when a guard refuses. */
  force: boolean;
}

/** What one (source, domain, month) load did. */
export interface LoadOutcome {
  domainKey?: string;
  status: 'succeeded' | 'failed' | 'refused';
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  detail?: string;
}

/** A month's load as a run asks it, on a connection of its own. */
export interface MonthLoadOptions {
  /** A connection of its own: the staging table is private to it. */
  connection: PoolClient;
  runId: number;
  source: CostSource;
  month: string;
  mapper: ApplicationMapper;
  dimensions: DimensionIds;
  domains: Map<string, CostSourceDomain>;
  currency: string;
  actualViewId: number;
  guards: LoadGuards;
  /**
   * Why the month cannot be final yet (e.g. the catalog is empty): the loads are not marked final,
   * so the next run loads the month again, and the reason is their detail.
   */
  openReason?: string;
  /** Requests the source sent to its provider; the first ledger row of the month takes them. */
  requests?: { count: number };
  /** The stamp of the delivery read (see `SourceMonth.stamp`), kept in the ledger. */
  stamp?: string;
  /** Called when a domain's month that held no data is loaded: the summaries grew. */
  onNewData?: () => void;
}

export interface LoadSourceMonthOptions extends MonthLoadOptions {
  knex: Knex;
}

/**
 * Loads one month of one source. The rows are validated, mapped and COPied into a private staging
 * table first; then the month's domains are replaced in one transaction, each in a savepoint
 * (advisory lock, guards, delete, insert, resource tags, ledger, actual prices), and the month's
 * costs are refreshed once after the last. Nothing is deleted before the whole month was read, so
 * a source that fails half-way leaves the previous data as it was.
 */
export async function loadSourceMonth(
  options: LoadSourceMonthOptions,
): Promise<LoadOutcome[]> {
  const replace = await stageSourceMonth(options);
  return replace();
}
