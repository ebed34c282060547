import {
  monthOfDate,
  shiftMonth,
} from '@finops-backstage/plugin-finops-common';
import { LoggerService } from '@backstage/backend-plugin-api';
import { CostSource, SourceMonth } from '@finops-backstage/plugin-finops-node';
import { Knex } from 'knex';
import { PoolClient } from 'pg';
import { ApplicationMapper, MappableApplication } from './ApplicationMapper';
import { Dimensions } from './Dimensions';
import { LoadGuards, LoadOutcome, stageSourceMonth } from './loadSourceMonth';
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

/** The months a run loads for one source, and what it left out. */
interface MonthPlan {
  months: SourceMonth[];
  /** Months of the data the run does not load, said in the run's note. */
  leftOut?: string;
  /** Listing the source's months failed or was refused: the source loads nothing this run. */
  failed?: { status: 'failed' | 'refused'; detail: string };
}

/**
 * What a load that threw says: an incomplete delivery is refused whole, anything else failed.
 * Both keep the month's previous data, since nothing was replaced.
 */
function failureOf(
  error: unknown,
  what?: string,
): { status: 'failed' | 'refused'; detail: string } {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Error && error.name === 'IncompleteDeliveryError') {
    return {
      status: 'refused',
      detail: `refused: incomplete delivery: ${message}; previous data kept`,
    };
  }
  return {
    status: 'failed',
    detail: what ? `${what} failed: ${message}` : message,
  };
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
  /** Called as each run starts, holding the run lock (e.g. to store the configured exchange rates). */
  beforeRun?: () => Promise<void>;
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
    const finish = async (
      status: RunResult['status'],
      error?: string,
      runNotes: string[] = [],
    ) => {
      await knex('ingestion_run')
        .where({ run_id: id })
        .update({
          status,
          error: error ?? null,
          note: runNotes.length > 0 ? runNotes.join('; ') : null,
          finished_at: knex.fn.now(),
        });
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
    const notes: string[] = [];
    // The second connection of a run that loads several months (see below).
    let spare: PoolClient | undefined;
    // Whether a load added a month (or a domain's month) that the summaries did not hold.
    const grew = { summaries: false };
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
        await this.options.beforeRun?.();
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
          // The source's listing is counted in its first load's requests.
          const requests = { count: 0 };
          let plan: MonthPlan;
          try {
            plan = request.months
              ? await this.requestedMonths(source, request.months, requests)
              : await this.monthsToLoad(source, requests);
          } catch (error) {
            const failure = failureOf(error, 'listing the months');
            logger.warn(
              `Listing the months of ${source.key}: ${failure.detail}`,
            );
            plan = { months: [], failed: failure };
          }
          if (plan.leftOut) {
            notes.push(`${source.key}: ${plan.leftOut}`);
          }
          if (plan.failed) {
            await knex('ingestion_load').insert({
              run_id: id,
              source_key: source.key,
              period_month: `${this.currentMonth()}-01`,
              ...plan.failed,
              requests: requests.count,
              finished_at: knex.fn.now(),
            });
            loads.push({
              sourceKey: source.key,
              month: this.currentMonth(),
              ...plan.failed,
              rowsRead: 0,
              rowsLoaded: 0,
              rowsRejected: 0,
            });
          }
          // Every partition first: creating one waits for the loads that write the facts.
          for (const { month } of plan.months) {
            await this.ensurePartition(month);
          }
          // Two months at a time: while one month's domains are replaced on one connection (the
          // database's work), the next month is read and staged on the other (this process's
          // work and the COPY), so both cores work. The replacements stay one after the other, in
          // the months' order; each month keeps its own transactions, guards and ledger rows.
          if (plan.months.length > 1 && !spare) {
            spare = (await knex.client.acquireConnection()) as PoolClient;
          }
          let replacing: Promise<void> = Promise.resolve();
          // The replacement before the one in flight: it used the connection the next month is
          // staged on, which must be done with it first (a connection runs one thing at a time).
          let replacingBefore: Promise<void> = Promise.resolve();
          for (const [index, { month, stamp }] of plan.months.entries()) {
            await replacingBefore;
            const onConnection = spare && index % 2 === 1 ? spare : connection;
            // Each month counts its own requests (the listing's go to the first): a month being
            // staged never adds its requests to the ledger rows of the one being replaced.
            const monthRequests = index === 0 ? requests : { count: 0 };
            const failed = async (error: unknown) => {
              const { status, detail } = failureOf(error);
              logger.warn(`Ingestion of ${source.key} ${month}: ${detail}`);
              await knex('ingestion_load').insert({
                run_id: id,
                source_key: source.key,
                period_month: `${month}-01`,
                status,
                requests: monthRequests.count,
                detail,
                delivery_stamp: stamp ?? null,
                finished_at: knex.fn.now(),
              });
              monthRequests.count = 0;
              loads.push({
                sourceKey: source.key,
                month,
                status,
                rowsRead: 0,
                rowsLoaded: 0,
                rowsRejected: 0,
                detail,
              });
            };
            let replace: () => Promise<LoadOutcome[]>;
            try {
              replace = await stageSourceMonth({
                knex,
                connection: onConnection,
                runId: id,
                source,
                month,
                mapper,
                dimensions,
                domains,
                currency: views[0].currency,
                requests: monthRequests,
                stamp,
                actualViewId: views[0].pricing_view_id,
                openReason: catalogEmpty,
                onNewData: () => {
                  grew.summaries = true;
                },
                guards: {
                  ...this.options.guards,
                  force: request.force === true,
                },
              });
            } catch (error) {
              await replacing;
              await failed(error);
              continue;
            }
            const previous = replacing;
            replacingBefore = previous;
            replacing = (async () => {
              await previous;
              try {
                const outcomes = await replace();
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
                await failed(error);
              }
            })();
            // Awaited before the next replacement and after the last: never unhandled meanwhile.
            replacing.catch(() => undefined);
            if (!spare) {
              await replacing;
            }
          }
          await replacing;
        }
        if (loads.some(load => load.status === 'succeeded')) {
          // Fresh statistics, so that the cost queries are planned for what the mart now holds.
          // The summaries only when they grew: a month loaded again is refreshed in place (rows
          // that did not change are not written), and sampling millions of summary rows again
          // cost a reload of one month more than a second. Autovacuum still analyses a table
          // whose rows changed by more than its threshold.
          await connection.query(
            `ANALYZE pricing_rule, actual_price_basis, dim_product${
              grew.summaries ? ', agg_quantity_monthly, agg_quantity_daily' : ''
            }`,
          );
        }
      } finally {
        // A connection that died has released its lock already.
        await connection
          .query('SELECT pg_advisory_unlock($1)', [RUN_LOCK_KEY])
          .catch(() => {});
      }
      const failed = loads.filter(load => load.status === 'failed').length;
      const refused = loads.filter(load => load.status === 'refused').length;
      let status: RunResult['status'] = 'partial';
      if (failed + refused === 0) {
        status = 'succeeded';
      } else if (failed + refused === loads.length) {
        status = 'failed';
      }
      const counts = [
        refused > 0 ? `${refused} refused` : undefined,
        failed > 0 ? `${failed} failed` : undefined,
      ].filter(Boolean);
      await finish(
        status,
        counts.length > 0
          ? `${counts.join(', ')} of ${loads.length} load(s)`
          : undefined,
        notes,
      );
      logger.info(
        `Ingestion run ${id} ${status}: ${loads.length} load(s)${
          counts.length > 0 ? ` (${counts.join(', ')})` : ''
        }${notes.length > 0 ? `; ${notes.join('; ')}` : ''}`,
      );
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
      if (spare) {
        await knex.client.releaseConnection(spare);
      }
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

  private currentMonth(): string {
    return (this.options.now?.() ?? new Date()).toISOString().slice(0, 7);
  }

  /**
   * Months asked for by name: a source that lists its months lists them all the same, so that
   * it reads its current deliveries and the ledger keeps their stamps.
   */
  private async requestedMonths(
    source: CostSource,
    months: string[],
    requests: { count: number },
  ): Promise<MonthPlan> {
    const listed = source.listMonths
      ? await source.listMonths({
          countRequest: () => {
            requests.count += 1;
          },
        })
      : [];
    return {
      months: months.map(month => ({
        month,
        stamp: listed.find(entry => entry.month === month)?.stamp,
      })),
    };
  }

  /**
   * A source that lists its months: the months its data holds within `maxMonths` (the current
   * one included), except those a load marked final from the same delivery (stamp); the others
   * are left out, and said so. Any other source: the current month always, and the other months
   * of its backfill window (at least the previous month) until a load marked them final. A final
   * month is never fetched again (providers bill some requests), unless a run asks for it by name
   * or, for a listing source, it was delivered again.
   */
  private async monthsToLoad(
    source: CostSource,
    requests: { count: number },
  ): Promise<MonthPlan> {
    const { knex } = this.options;
    const now = this.options.now?.() ?? new Date();
    const monthBack = (back: number) => shiftMonth(monthOfDate(now), -back);
    const current = monthBack(0);
    const finalLoads = async (months: string[]) =>
      knex('ingestion_load')
        .where({ source_key: source.key, status: 'succeeded', is_final: true })
        .whereIn(
          'period_month',
          months.map(month => `${month}-01`),
        )
        .select(
          knex.raw(`to_char(period_month, 'YYYY-MM') AS month`),
          'delivery_stamp',
        ) as Promise<Array<{ month: string; delivery_stamp: string | null }>>;

    if (source.listMonths) {
      const oldest = monthBack(Math.max(source.maxMonths ?? 36, 1) - 1);
      const listed = await source.listMonths({
        countRequest: () => {
          requests.count += 1;
        },
      });
      const inWindow = listed.filter(
        ({ month }) => month >= oldest && month <= current,
      );
      const outside = listed
        .map(({ month }) => month)
        .filter(month => month < oldest || month > current)
        .sort();
      const final = await finalLoads(inWindow.map(({ month }) => month));
      const months = inWindow
        .filter(
          ({ month, stamp }) =>
            month === current ||
            !final.some(
              load =>
                load.month === month &&
                (stamp === undefined || load.delivery_stamp === stamp),
            ),
        )
        .sort((a, b) => a.month.localeCompare(b.month));
      const leftOut =
        outside.length > 0
          ? `left out ${outside.length} month(s) of the data outside the last ${
              source.maxMonths ?? 36
            } months: ${outside.join(', ')}`
          : undefined;
      return { months, leftOut };
    }

    const months: string[] = [];
    for (
      let back = Math.max(source.backfillMonths ?? 2, 2) - 1;
      back >= 0;
      back -= 1
    ) {
      months.push(monthBack(back));
    }
    const done = new Set((await finalLoads(months)).map(row => row.month));
    return {
      months: months
        .filter(
          (month, index) => index === months.length - 1 || !done.has(month),
        )
        .map(month => ({ month })),
    };
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
