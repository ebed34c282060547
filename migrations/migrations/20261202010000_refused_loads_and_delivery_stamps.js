// @ts-check

/**
 * Real exports: a load the batch refused (a guard, or an incomplete delivery) is `refused` in the
 * ledger, no longer `skipped`; a load remembers the stamp of the delivery it read (a manifest's
 * version, the files' versions), so that a final month delivered again is loaded again; a run
 * keeps a note of what it left out (months of the data outside the history window).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.raw(
    `ALTER TABLE ingestion_load DROP CONSTRAINT ingestion_load_status_ck`,
  );
  await knex.raw(
    `UPDATE ingestion_load SET status = 'refused' WHERE status = 'skipped'`,
  );
  await knex.raw(`ALTER TABLE ingestion_load ADD CONSTRAINT ingestion_load_status_ck
    CHECK (status IN ('succeeded', 'failed', 'refused'))`);
  await knex.schema.alterTable('ingestion_load', table => {
    table.text('delivery_stamp');
  });
  await knex.schema.alterTable('ingestion_run', table => {
    table.text('note');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('ingestion_run', table => {
    table.dropColumn('note');
  });
  await knex.schema.alterTable('ingestion_load', table => {
    table.dropColumn('delivery_stamp');
  });
  await knex.raw(
    `ALTER TABLE ingestion_load DROP CONSTRAINT ingestion_load_status_ck`,
  );
  await knex.raw(
    `UPDATE ingestion_load SET status = 'skipped' WHERE status = 'refused'`,
  );
  await knex.raw(`ALTER TABLE ingestion_load ADD CONSTRAINT ingestion_load_status_ck
    CHECK (status IN ('succeeded', 'failed', 'skipped'))`);
};
