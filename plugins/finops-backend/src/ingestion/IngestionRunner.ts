import { LoggerService } from '@backstage/backend-plugin-api';
import { CostSource } from '@internal/plugin-finops-node';
import { Knex } from 'knex';
import { PoolClient } from 'pg';
import { ApplicationMapper, MappableApplication } from './ApplicationMapper';
import { Dimensions } from './Dimensions';
import { LoadGuards, LoadOutcome, loadSourceMonth } from './loadSourceMonth';
import { storeCommitmentInsights } from './storeCommitmentInsights';

/** What starts a run, and how. */
export interface RunRequest {
  trigger: 'schedule' | 'manual' | 'startup';
  requestedBy?: string;
  /** Replace months even when a guard refuses. */
  force?: boolean;
  /** Only these months (`YYYY-MM`); default: current and previous, plus unfilled history. */
  months?: string[];
  /** Only these source keys. */
  sources?: string[];
}

export interface RunResult {
  runId: number;
  status: 'succeeded' | 'partial' | 'failed' | 'skipped';
  loads: Array<LoadOutcome & { sourceKey: string; month: string }>;
}

/** The run-level advisory lock: one ingestion run at a time across all backend replicas. */
const RUN_LOCK_KEY = 7_346_200_001;

/** Why a run's loads stay open (not final) when the catalog has no component. */
export const CATALOG_EMPTY =
  'catalog empty: every cost is unallocated (the month is loaded again once the catalog has components)';

/** How often a running run refreshes its heartbeat, by default. */
export const DEFAULT_HEARTBEAT_INTERVAL_MS = 30_000;
/** How old a running run's heartbeat may be before the run counts as abandoned, by default. */
export const DEFAULT_ABANDON_AFTER_MS = 120_000;

/**
 * Marks failed, with the error `abandoned: …`, every run still `running` whose heartbeat is older
 * than `abandonAfterMs` (its process died: SIGKILL, a lost node), and returns their ids. Called by
 * each run as it starts, and meant for the plugin's start-up. The heartbeat and the comparison use
 * the database's clock, so replicas with skewed clocks agree.
 */
export async function markAbandonedRuns(options: {
  knex: Knex;
  logger: LoggerService;
  abandonAfterMs?: number;
}): Promise<number[]> {
  const { knex, logger } = options;
  const abandonAfterMs = options.abandonAfterMs ?? DEFAULT_ABANDON_AFTER_MS;
  const rows: Array<{ run_id: string; heartbeat_at: Date }> = await knex(
    'ingestion_run',
  )
    .where({ status: 'running' })
    .andWhere(
      'heartbeat_at',
      '<',
      knex.raw(`now() - (? * interval '1 millisecond')`, [abandonAfterMs]),
    )
    .update({
      status: 'failed',
      error: knex.raw(
        `'abandoned: no heartbeat since ' || to_char(heartbeat_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') || ' (its process stopped)'`,
      ),
      finished_at: knex.fn.now(),
    })
    .returning(['run_id', 'heartbeat_at']);
  const ids = rows.map(row => Number(row.run_id)).sort((a, b) => a - b);
  if (ids.length > 0) {
    logger.warn(
      `Ingestion run(s) ${ids.join(
        ', ',
      )} marked failed: abandoned (no heartbeat for over ${Math.round(
        abandonAfterMs / 1000,
      )} s)`,
    );
  }
  return ids;
}

export interface IngestionRunnerOptions {
  knex: Knex;
  logger: LoggerService;
  sources: CostSource[];
  /**
   * Reads the catalog's components, as applications to map rows to: once per run, before the
   * first load. None: the run loads at once, everything unallocated, and says so.
   */
  readApplications: () => Promise<MappableApplication[]>;
  guards: Omit<LoadGuards, 'force'>;
  now?: () => Date;
  /**
   * Called after every run that loaded something (e.g. to evaluate budgets and send alerts).
   * Its failure is logged and does not change the run's status.
   */
  afterRun?: (result: RunResult) => Promise<void>;
  /** How often a run refreshes its heartbeat (default 30 s). */
  heartbeatIntervalMs?: number;
  /** A running run whose heartbeat is older than this is abandoned (default 2 min). */
  abandonAfterMs?: number;
}

/** Runs ingestion: for each source and month, the idempotent load; then the views' refresh. */
export class IngestionRunner {
  constructor(private readonly options: IngestionRunnerOptions) {}

  /** Records a run as started, so a caller can answer with its id before it ends. */
  async createRun(request: RunRequest): Promise<number> {
    const [row] = await this.options
      .knex('ingestion_run')
      .insert({
        trigger: request.trigger,
        requested_by: request.requestedBy ?? null,
        status: 'running',
        force: request.force === true,
      })
      .returning('run_id');
    return Number(row.run_id);
  }

  async run(request: RunRequest, runId?: number): Promise<RunResult> {
    const { knex, logger } = this.options;
    const id = runId ?? (await this.createRun(request));
    const finish = async (status: RunResult['status'], error?: string) => {
      await knex('ingestion_run')
        .where({ run_id: id })
        .update({ status, error: error ?? null, finished_at: knex.fn.now() });
    };

    // The lease: refreshed while this process runs the run; a run whose beat stopped is abandoned.
    const heartbeat = setInterval(() => {
      knex('ingestion_run')
        .where({ run_id: id, status: 'running' })
        .update({ heartbeat_at: knex.fn.now() })
        .catch(error =>
          logger.warn(`Heartbeat of ingestion run ${id} failed: ${error}`),
        );
    }, this.options.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS);
    heartbeat.unref?.();
    try {
      await knex('ingestion_run')
        .where({ run_id: id })
        .update({ heartbeat_at: knex.fn.now() });
      await markAbandonedRuns({
        knex,
        logger,
        abandonAfterMs: this.options.abandonAfterMs,
      });
    } catch (error) {
      clearInterval(heartbeat);
      const message = error instanceof Error ? error.message : String(error);
      await finish('failed', message).catch(() => {});
      throw error;
    }

    const connection = (await knex.client
      .acquireConnection()
      .catch(async (error: unknown) => {
        clearInterval(heartbeat);
        await finish('failed', String(error)).catch(() => {});
        throw error;
      })) as PoolClient;
    const loads: RunResult['loads'] = [];
    try {
      const { rows } = await connection.query(
        'SELECT pg_try_advisory_lock($1) AS locked',
        [RUN_LOCK_KEY],
      );
      if (!rows[0].locked) {
        await finish('skipped', 'another ingestion run is in progress');
        logger.info(`Ingestion run ${id} skipped: another run is in progress`);
        return { runId: id, status: 'skipped', loads };
      }
      try {
        const { rows: views } = await connection.query(
          `SELECT pricing_view_id, currency FROM pricing_view WHERE view_key = 'actual' AND deleted_at IS NULL`,
        );
        const { rows: unallocated } = await connection.query(
          `SELECT application_id FROM dim_application WHERE application_key = 'unallocated'`,
        );
        // The catalog is read once per run, before any load: a load never waits for it.
        const applications = await this.options.readApplications();
        const mapper = new ApplicationMapper(
          applications,
          unallocated[0].application_id,
        );
        const catalogEmpty =
          applications.length === 0 ? CATALOG_EMPTY : undefined;
        if (catalogEmpty) {
          logger.warn(`Ingestion run ${id}: ${catalogEmpty}`);
        }
        const dimensions = new Dimensions(knex);
        const selected = this.options.sources.filter(
          source => !request.sources || request.sources.includes(source.key),
        );
        for (const source of selected) {
          const domains = new Map(
            (source.domains ?? []).map(domain => [domain.key, domain]),
          );
          for (const month of request.months ??
            (await this.monthsToLoad(source))) {
            await this.ensurePartition(month);
            const requests = { count: 0 };
            try {
              const outcomes = await loadSourceMonth({
                knex,
                connection,
                runId: id,
                source,
                month,
                mapper,
                dimensions,
                domains,
                currency: views[0].currency,
                requests,
                actualViewId: views[0].pricing_view_id,
                openReason: catalogEmpty,
                guards: {
                  ...this.options.guards,
                  force: request.force === true,
                },
              });
              loads.push(
                ...outcomes.map(outcome => ({
                  ...outcome,
                  sourceKey: source.key,
                  month,
                })),
              );
              if (source.readCommitmentInsights) {
                loads.push(await this.loadInsights(id, source, month));
              }
            } catch (error) {
              const message =
                error instanceof Error ? error.message : String(error);
              logger.warn(
                `Ingestion of ${source.key} ${month} failed: ${message}`,
              );
              await knex('ingestion_load').insert({
                run_id: id,
                source_key: source.key,
                period_month: `${month}-01`,
                status: 'failed',
                requests: requests.count,
                detail: message,
                finished_at: knex.fn.now(),
              });
              loads.push({
                sourceKey: source.key,
                month,
                status: 'failed',
                rowsRead: 0,
                rowsLoaded: 0,
                rowsRejected: 0,
                detail: message,
              });
            }
          }
        }
        if (loads.some(load => load.status === 'succeeded')) {
          // Fresh statistics, so that the cost queries are planned for what the mart now holds.
          await connection.query(
            'ANALYZE pricing_rule, actual_price_basis, dim_product, agg_quantity_monthly, agg_quantity_daily',
          );
        }
      } finally {
        // A connection that died has released its lock already.
        await connection
          .query('SELECT pg_advisory_unlock($1)', [RUN_LOCK_KEY])
          .catch(() => {});
      }
      const failed = loads.filter(load => load.status === 'failed').length;
      let status: RunResult['status'] = 'partial';
      if (failed === 0) {
        status = 'succeeded';
      } else if (failed === loads.length) {
        status = 'failed';
      }
      await finish(status, failed > 0 ? `${failed} load(s) failed` : undefined);
      logger.info(`Ingestion run ${id} ${status}: ${loads.length} load(s)`);
      const result: RunResult = { runId: id, status, loads };
      if (
        this.options.afterRun &&
        loads.some(load => load.status === 'succeeded')
      ) {
        await this.options.afterRun(result).catch(error => {
          logger.warn(
            `After ingestion run ${id}: ${
              error instanceof Error ? error.message : String(error)
            }`,
          );
        });
      }
      return result;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await finish('failed', message).catch(() => {});
      throw error;
    } finally {
      clearInterval(heartbeat);
      await knex.client.releaseConnection(connection);
    }
  }

  /** {@link markAbandonedRuns} with this runner's lease: for the plugin's start-up. */
  async markAbandonedRuns(): Promise<number[]> {
    return markAbandonedRuns({
      knex: this.options.knex,
      logger: this.options.logger,
      abandonAfterMs: this.options.abandonAfterMs,
    });
  }

  /** The provider's commitment figures for a month, with their own ledger row. */
  private async loadInsights(
    runId: number,
    source: CostSource,
    month: string,
  ): Promise<RunResult['loads'][number]> {
    const { knex, logger } = this.options;
    let requests = 0;
    let outcome: LoadOutcome;
    try {
      const { stored, rejected } = await storeCommitmentInsights({
        knex,
        runId,
        source,
        month,
        countRequest: () => {
          requests += 1;
        },
      });
      outcome = {
        status: 'succeeded',
        rowsRead: stored + rejected,
        rowsLoaded: stored,
        rowsRejected: rejected,
        detail: `commitment figures: ${stored} stored, ${rejected} rejected`,
      };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      logger.warn(
        `Commitment figures of ${source.key} ${month} failed: ${message}`,
      );
      outcome = {
        status: 'failed',
        rowsRead: 0,
        rowsLoaded: 0,
        rowsRejected: 0,
        detail: `commitment figures: ${message}; the previous figures are kept`,
      };
    }
    await knex('ingestion_load').insert({
      run_id: runId,
      source_key: source.key,
      domain_key: null,
      period_month: `${month}-01`,
      status: outcome.status,
      rows_read: outcome.rowsRead,
      rows_loaded: outcome.rowsLoaded,
      rows_rejected: outcome.rowsRejected,
      requests,
      detail: outcome.detail,
      finished_at: knex.fn.now(),
    });
    return { ...outcome, sourceKey: source.key, month };
  }

  /**
   * The current month always; the other months of the backfill window (at least the previous
   * month) until a load marked them final: a final month is never fetched again (providers bill
   * some requests), unless a run asks for it by name.
   */
  private async monthsToLoad(source: CostSource): Promise<string[]> {
    const now = this.options.now?.() ?? new Date();
    const months: string[] = [];
    for (
      let back = Math.max(source.backfillMonths ?? 2, 2) - 1;
      back >= 0;
      back -= 1
    ) {
      const date = new Date(
        Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1),
      );
      months.push(date.toISOString().slice(0, 7));
    }
    const final = await this.options
      .knex('ingestion_load')
      .where({ source_key: source.key, status: 'succeeded', is_final: true })
      .whereIn(
        'period_month',
        months.map(month => `${month}-01`),
      )
      .distinct(
        this.options.knex.raw(`to_char(period_month, 'YYYY-MM') AS month`),
      );
    const done = new Set(final.map(row => row.month as string));
    return months.filter(
      (month, index) => index === months.length - 1 || !done.has(month),
    );
  }

  private async ensurePartition(month: string): Promise<void> {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
      throw new Error(`Not a month: '${month}'`);
    }
    const name = `fact_consumption_p${month.replace('-', '')}`;
    const next = new Date(`${month}-01T00:00:00Z`);
    next.setUTCMonth(next.getUTCMonth() + 1);
    await this.options.knex.raw(
      `CREATE TABLE IF NOT EXISTS ${name} PARTITION OF fact_consumption
         FOR VALUES FROM ('${month}-01') TO ('${next
        .toISOString()
        .slice(0, 10)}')`,
    );
  }
}
