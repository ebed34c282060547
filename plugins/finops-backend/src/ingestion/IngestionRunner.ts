import { LoggerService } from '@backstage/backend-plugin-api';
import { CostSource } from '@finops-backstage/plugin-finops-node';
import { PoolClient } from 'pg';
import { ApplicationMapper, MappableApplication } from './ApplicationMapper';
import { IngestionStore } from './IngestionStore';
import { LoadGuards, LoadOutcome } from './operations/loadSourceMonth';
import { MonthPlan, requestedMonths } from './operations/planMonths';
import {
  DEFAULT_ABANDON_AFTER_MS,
  DEFAULT_HEARTBEAT_INTERVAL_MS,
  RunLoad,
  RunStatus,
  failureOf,
  markAbandonedRuns,
  runStatusOf,
} from './operations/runLedger';

export {
  DEFAULT_ABANDON_AFTER_MS,
  DEFAULT_HEARTBEAT_INTERVAL_MS,
  markAbandonedRuns,
};

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
  status: RunStatus;
  loads: RunLoad[];
}

/** Why a run's loads stay open (not final) when the catalog has no component. */
export const CATALOG_EMPTY =
  'catalog empty: every cost is unallocated (the month is loaded again once the catalog has components)';

export interface IngestionRunnerOptions {
  /** The runs' ledger and the loads (`DatabaseIngestionStore`). */
  store: IngestionStore;
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
  createRun(request: RunRequest): Promise<number> {
    return this.options.store.createRun(request);
  }

  async run(request: RunRequest, runId?: number): Promise<RunResult> {
    const { store, logger } = this.options;
    const id = runId ?? (await this.createRun(request));
    const finish = (status: RunStatus, error?: string, notes?: string[]) =>
      store.finishRun(id, status, error, notes);

    const stopHeartbeat = store.startHeartbeat(
      logger,
      id,
      this.options.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS,
    );
    try {
      await store.beatHeart(id);
      await store.markAbandonedRuns({
        logger,
        abandonAfterMs: this.options.abandonAfterMs,
      });
    } catch (error) {
      stopHeartbeat();
      const message = error instanceof Error ? error.message : String(error);
      await finish('failed', message).catch(() => {});
      throw error;
    }

    const connection = await store
      .acquireConnection()
      .catch(async (error: unknown) => {
        stopHeartbeat();
        await finish('failed', String(error)).catch(() => {});
        throw error;
      });
    const loads: RunLoad[] = [];
    const notes: string[] = [];
    // The second connection of a run that loads several months (see below).
    let spare: PoolClient | undefined;
    // Whether a load added a month (or a domain's month) that the summaries did not hold.
    const grew = { summaries: false };
    try {
      if (!(await store.tryRunLock(connection))) {
        await finish('skipped', 'another ingestion run is in progress');
        logger.info(`Ingestion run ${id} skipped: another run is in progress`);
        return { runId: id, status: 'skipped', loads };
      }
      try {
        await this.options.beforeRun?.();
        const { actualView, unallocatedId } = await store.readRunContext(
          connection,
        );
        // The catalog is read once per run, before any load: a load never waits for it.
        const applications = await this.options.readApplications();
        const mapper = new ApplicationMapper(applications, unallocatedId);
        const catalogEmpty =
          applications.length === 0 ? CATALOG_EMPTY : undefined;
        if (catalogEmpty) {
          logger.warn(`Ingestion run ${id}: ${catalogEmpty}`);
        }
        const dimensions = store.dimensionIds();
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
              ? await requestedMonths(source, request.months, requests)
              : await store.monthsToLoad(
                  source,
                  requests,
                  this.options.now?.() ?? new Date(),
                );
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
            loads.push(
              await store.recordFailedLoad({
                runId: id,
                sourceKey: source.key,
                month: this.currentMonth(),
                ...plan.failed,
                requests: requests.count,
              }),
            );
          }
          // Every partition first: creating one waits for the loads that write the facts.
          for (const { month } of plan.months) {
            await store.ensurePartition(month);
          }
          // Two months at a time: while one month's domains are replaced on one connection (the
          // database's work), the next month is read and staged on the other (this process's
          // work and the COPY), so both cores work. The replacements stay one after the other, in
          // the months' order; each month keeps its own transaction, guards and ledger rows.
          if (plan.months.length > 1 && !spare) {
            spare = await store.acquireConnection();
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
              loads.push(
                await store.recordFailedLoad({
                  runId: id,
                  sourceKey: source.key,
                  month,
                  status,
                  detail,
                  requests: monthRequests.count,
                  stamp,
                }),
              );
              monthRequests.count = 0;
            };
            let replace: () => Promise<LoadOutcome[]>;
            try {
              replace = await store.stageSourceMonth({
                connection: onConnection,
                runId: id,
                source,
                month,
                mapper,
                dimensions,
                domains,
                currency: actualView.currency,
                requests: monthRequests,
                stamp,
                actualViewId: actualView.id,
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
                  loads.push(
                    await store.loadInsights(logger, id, source, month),
                  );
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
          await store.analyzeLoaded(connection, {
            summariesGrew: grew.summaries,
          });
        }
      } finally {
        await store.releaseRunLock(connection);
      }
      const { status, summary } = runStatusOf(loads);
      await finish(
        status,
        summary ? `${summary} of ${loads.length} load(s)` : undefined,
        notes,
      );
      logger.info(
        `Ingestion run ${id} ${status}: ${loads.length} load(s)${
          summary ? ` (${summary})` : ''
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
      stopHeartbeat();
      if (spare) {
        await store.releaseConnection(spare);
      }
      await store.releaseConnection(connection);
    }
  }

  /** {@link markAbandonedRuns} with this runner's lease: for the plugin's start-up. */
  async markAbandonedRuns(): Promise<number[]> {
    return this.options.store.markAbandonedRuns({
      logger: this.options.logger,
      abandonAfterMs: this.options.abandonAfterMs,
    });
  }

  private currentMonth(): string {
    return (this.options.now?.() ?? new Date()).toISOString().slice(0, 7);
  }
}
