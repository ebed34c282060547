// @ts-check

/**
 * A run's lease: the runner refreshes `heartbeat_at` while it runs, so that a run whose process
 * died (SIGKILL, a lost node) is recognised by its stale heartbeat and marked failed (abandoned)
 * by the next start-up or the next run, instead of staying `running` forever. A run that was
 * already running when this migration ran has its start as its last heartbeat.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('ingestion_run', table => {
    table.timestamp('heartbeat_at', { useTz: true });
  });
  await knex.raw(
    `UPDATE ingestion_run SET heartbeat_at = coalesce(finished_at, started_at)`,
  );
  await knex.raw(`ALTER TABLE ingestion_run
    ALTER COLUMN heartbeat_at SET DEFAULT now(),
    ALTER COLUMN heartbeat_at SET NOT NULL`);
  await knex.raw(`CREATE INDEX ingestion_run_running_idx ON ingestion_run (heartbeat_at)
    WHERE status = 'running'`);
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.raw('DROP INDEX IF EXISTS ingestion_run_running_idx');
  await knex.schema.alterTable('ingestion_run', table => {
    table.dropColumn('heartbeat_at');
  });
};
