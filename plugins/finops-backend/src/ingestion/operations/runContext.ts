import { PoolClient } from 'pg';

/** The run-level advisory lock: one ingestion run at a time across all backend replicas. */
const RUN_LOCK_KEY = 7_346_200_001;

/** Takes the run lock on the run's connection; false when another run holds it. */
export async function tryRunLock(connection: PoolClient): Promise<boolean> {
  const { rows } = await connection.query(
    'SELECT pg_try_advisory_lock($1) AS locked',
    [RUN_LOCK_KEY],
  );
  return rows[0].locked;
}

/** Releases the run lock (a connection that died has released it already). */
export async function releaseRunLock(connection: PoolClient): Promise<void> {
  await connection
    .query('SELECT pg_advisory_unlock($1)', [RUN_LOCK_KEY])
    .catch(() => {});
}

/** What every load of a run needs from the mart: the actual view and the unallocated application. */
export async function readRunContext(connection: PoolClient): Promise<{
  actualView: { id: number; currency: string };
  unallocatedId: number;
}> {
  const { rows: views } = await connection.query(
    `SELECT pricing_view_id, currency FROM pricing_view WHERE view_key = 'actual' AND deleted_at IS NULL`,
  );
  const { rows: unallocated } = await connection.query(
    `SELECT application_id FROM dim_application WHERE application_key = 'unallocated'`,
  );
  return {
    actualView: { id: views[0].pricing_view_id, currency: views[0].currency },
    unallocatedId: unallocated[0].application_id,
  };
}

/**
 * Fresh statistics after a run that loaded something, so that the cost queries are planned for
 * what the mart now holds. The summaries only when they grew: a month loaded again holds as many
 * groups as before, and sampling the summaries again cost a reload of one month more than a
 * second. Autovacuum still analyses a table whose rows changed by more than its threshold.
 */
export async function analyzeLoaded(
  connection: PoolClient,
  options: { summariesGrew: boolean },
): Promise<void> {
  await connection.query(
    `ANALYZE pricing_rule, actual_price_basis, dim_product${
      options.summariesGrew ? ', agg_quantity_monthly, agg_quantity_days' : ''
    }`,
  );
}
