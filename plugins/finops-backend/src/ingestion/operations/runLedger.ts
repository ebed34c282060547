import { LoggerService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import type { LoadOutcome } from './loadSourceMonth';

/** One load of a run: a (source, month) and, for cost data, a domain. */
export type RunLoad = LoadOutcome & { sourceKey: string; month: string };

/** The status a run ends with. */
export type RunStatus = 'succeeded' | 'partial' | 'failed' | 'skipped';

/**
 * What a load that threw says: an incomplete delivery is refused whole, anything else failed.
 * Both keep the month's previous data, since nothing was replaced.
 */
export function failureOf(
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

/** Records a run as started (running), and returns its id. */
export async function createRun(
  knex: Knex,
  request: { trigger: string; requestedBy?: string; force?: boolean },
): Promise<number> {
  const [row] = await knex('ingestion_run')
    .insert({
      trigger: request.trigger,
      requested_by: request.requestedBy ?? null,
      status: 'running',
      force: request.force === true,
    })
    .returning('run_id');
  return Number(row.run_id);
}

/** Refreshes a run's heartbeat now. */
export async function beatHeart(knex: Knex, runId: number): Promise<void> {
  await knex('ingestion_run')
    .where({ run_id: runId })
    .update({ heartbeat_at: knex.fn.now() });
}

/** Ends a run with its status, error and notes. */
export async function finishRun(
  knex: Knex,
  runId: number,
  status: RunStatus,
  error?: string,
  notes: string[] = [],
): Promise<void> {
  await knex('ingestion_run')
    .where({ run_id: runId })
    .update({
      status,
      error: error ?? null,
      note: notes.length > 0 ? notes.join('; ') : null,
      finished_at: knex.fn.now(),
    });
}

/**
 * The run's lease: its heartbeat refreshed now and every `intervalMs` while this process runs it
 * (a run whose beat stopped is abandoned). Returns the function that stops it.
 */
export function startHeartbeat(
  knex: Knex,
  logger: LoggerService,
  runId: number,
  intervalMs: number,
): () => void {
  const timer = setInterval(() => {
    knex('ingestion_run')
      .where({ run_id: runId, status: 'running' })
      .update({ heartbeat_at: knex.fn.now() })
      .catch(error =>
        logger.warn(`Heartbeat of ingestion run ${runId} failed: ${error}`),
      );
  }, intervalMs);
  timer.unref?.();
  return () => clearInterval(timer);
}

/** A load that failed or was refused before it replaced anything, as its ledger row says. */
export interface FailedLoad {
  runId: number;
  sourceKey: string;
  month: string;
  status: 'failed' | 'refused';
  detail: string;
  requests: number;
  stamp?: string;
}

/** The ledger row of a load that failed or was refused before it replaced anything. */
export async function recordFailedLoad(
  knex: Knex,
  load: FailedLoad,
): Promise<RunLoad> {
  await knex('ingestion_load').insert({
    run_id: load.runId,
    source_key: load.sourceKey,
    period_month: `${load.month}-01`,
    status: load.status,
    requests: load.requests,
    detail: load.detail,
    delivery_stamp: load.stamp ?? null,
    finished_at: knex.fn.now(),
  });
  return {
    sourceKey: load.sourceKey,
    month: load.month,
    status: load.status,
    rowsRead: 0,
    rowsLoaded: 0,
    rowsRejected: 0,
    detail: load.detail,
  };
}

/** A run's status from its loads: failed when all failed or were refused, partial when some. */
export function runStatusOf(loads: RunLoad[]): {
  status: RunStatus;
  /** The failed and refused loads, said in the run's error. */
  summary?: string;
} {
  const failed = loads.filter(load => load.status === 'failed').length;
  const refused = loads.filter(load => load.status === 'refused').length;
  let status: RunStatus = 'partial';
  if (failed + refused === 0) {
    status = 'succeeded';
  } else if (failed + refused === loads.length) {
    status = 'failed';
  }
  const counts = [
    refused > 0 ? `${refused} refused` : undefined,
    failed > 0 ? `${failed} failed` : undefined,
  ].filter(Boolean);
  return {
    status,
    summary: counts.length > 0 ? counts.join(', ') : undefined,
  };
}
