import { LoggerService } from '@backstage/backend-plugin-api';
import { CostSource } from '@finops-backstage/plugin-finops-node';
import { PoolClient } from 'pg';
import { DimensionIds } from './operations/DimensionIds';
import type {
  LoadOutcome,
  MonthLoadOptions,
} from './operations/loadSourceMonth';
import type { MonthPlan } from './operations/planMonths';
import type { FailedLoad, RunLoad, RunStatus } from './operations/runLedger';

export type { FailedLoad };

/**
 * What an ingestion run reads and writes: its ledger (runs, loads, heartbeats), the run lock and
 * the loads themselves (partitions, staging, the replacement of a month's domains).
 */
export interface IngestionStore {
  /** Records a run as started; its id. */
  createRun(request: {
    trigger: string;
    requestedBy?: string;
    force?: boolean;
  }): Promise<number>;
  finishRun(
    runId: number,
    status: RunStatus,
    error?: string,
    notes?: string[],
  ): Promise<void>;
  beatHeart(runId: number): Promise<void>;
  /** Refreshes the run's heartbeat every `intervalMs` until the function returned is called. */
  startHeartbeat(
    logger: LoggerService,
    runId: number,
    intervalMs: number,
  ): () => void;
  /** Marks failed the runs left `running` whose heartbeat is older than `abandonAfterMs`. */
  markAbandonedRuns(options: {
    logger: LoggerService;
    abandonAfterMs?: number;
  }): Promise<number[]>;
  recordFailedLoad(load: FailedLoad): Promise<RunLoad>;
  /** A connection of its own, for the run lock and the staging of a month. */
  acquireConnection(): Promise<PoolClient>;
  releaseConnection(connection: PoolClient): Promise<void>;
  tryRunLock(connection: PoolClient): Promise<boolean>;
  releaseRunLock(connection: PoolClient): Promise<void>;
  /** The actual view and the unallocated application, as a run starts. */
  readRunContext(connection: PoolClient): Promise<{
    actualView: { id: number; currency: string };
    unallocatedId: number;
  }>;
  /** Fresh planner statistics of what a run changed. */
  analyzeLoaded(
    connection: PoolClient,
    options: { summariesGrew: boolean },
  ): Promise<void>;
  /** The months of a source a run loads (see `monthsToLoad`). */
  monthsToLoad(
    source: CostSource,
    requests: { count: number },
    now: Date,
  ): Promise<MonthPlan>;
  /** Creates the month's partition of the facts if it is not there. */
  ensurePartition(month: string): Promise<void>;
  /** The key → id resolution of one run's dimensions (it caches what it resolved). */
  dimensionIds(): DimensionIds;
  /**
   * Reads, validates and stages a source's month on `options.connection`; returns the
   * replacement of the month's domains from the staged rows (see `stageSourceMonth`).
   */
  stageSourceMonth(
    options: MonthLoadOptions,
  ): Promise<() => Promise<LoadOutcome[]>>;
  /** The provider's commitment figures for a month, with their own ledger row. */
  loadInsights(
    logger: LoggerService,
    runId: number,
    source: CostSource,
    month: string,
  ): Promise<RunLoad>;
}
