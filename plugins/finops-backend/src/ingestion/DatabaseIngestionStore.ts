import { LoggerService } from '@backstage/backend-plugin-api';
import { CostSource } from '@finops-backstage/plugin-finops-node';
import { Knex } from 'knex';
import { PoolClient } from 'pg';
import { FailedLoad, IngestionStore } from './IngestionStore';
import { DimensionIds } from './operations/DimensionIds';
import { ensurePartition } from './operations/ensurePartition';
import { loadInsights } from './operations/loadInsights';
import { MonthLoadOptions } from './operations/loadSourceMonth';
import { monthsToLoad } from './operations/planMonths';
import {
  analyzeLoaded,
  readRunContext,
  releaseRunLock,
  tryRunLock,
} from './operations/runContext';
import {
  RunStatus,
  beatHeart,
  createRun,
  finishRun,
  markAbandonedRuns,
  recordFailedLoad,
  startHeartbeat,
} from './operations/runLedger';
import { stageSourceMonth } from './operations/stageSourceMonth';

/** {@link IngestionStore} on the mart's PostgreSQL. */
export class DatabaseIngestionStore implements IngestionStore {
  private constructor(private readonly knex: Knex) {}

  static create(options: { knex: Knex }): DatabaseIngestionStore {
    return new DatabaseIngestionStore(options.knex);
  }

  createRun(request: {
    trigger: string;
    requestedBy?: string;
    force?: boolean;
  }): Promise<number> {
    return createRun(this.knex, request);
  }

  finishRun(
    runId: number,
    status: RunStatus,
    error?: string,
    notes?: string[],
  ): Promise<void> {
    return finishRun(this.knex, runId, status, error, notes);
  }

  beatHeart(runId: number): Promise<void> {
    return beatHeart(this.knex, runId);
  }

  startHeartbeat(logger: LoggerService, runId: number, intervalMs: number) {
    return startHeartbeat(this.knex, logger, runId, intervalMs);
  }

  markAbandonedRuns(options: {
    logger: LoggerService;
    abandonAfterMs?: number;
  }): Promise<number[]> {
    return markAbandonedRuns({ knex: this.knex, ...options });
  }

  recordFailedLoad(load: FailedLoad) {
    return recordFailedLoad(this.knex, load);
  }

  async acquireConnection(): Promise<PoolClient> {
    return (await this.knex.client.acquireConnection()) as PoolClient;
  }

  async releaseConnection(connection: PoolClient): Promise<void> {
    await this.knex.client.releaseConnection(connection);
  }

  tryRunLock(connection: PoolClient) {
    return tryRunLock(connection);
  }

  releaseRunLock(connection: PoolClient) {
    return releaseRunLock(connection);
  }

  readRunContext(connection: PoolClient) {
    return readRunContext(connection);
  }

  analyzeLoaded(connection: PoolClient, options: { summariesGrew: boolean }) {
    return analyzeLoaded(connection, options);
  }

  monthsToLoad(source: CostSource, requests: { count: number }, now: Date) {
    return monthsToLoad(this.knex, source, requests, now);
  }

  ensurePartition(month: string): Promise<void> {
    return ensurePartition(this.knex, month);
  }

  dimensionIds(): DimensionIds {
    return new DimensionIds(this.knex);
  }

  stageSourceMonth(options: MonthLoadOptions) {
    return stageSourceMonth({ ...options, knex: this.knex });
  }

  loadInsights(
    logger: LoggerService,
    runId: number,
    source: CostSource,
    month: string,
  ) {
    return loadInsights(this.knex, logger, runId, source, month);
  }
}
