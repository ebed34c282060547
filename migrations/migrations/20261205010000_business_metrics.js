// @ts-check

/**
 * Business metrics for unit economics ("cost per order"): what an entity served in a month, or
 * on a day of it, as an exact `numeric`. A metric source's values are replaced whole in one
 * transaction (`source_key`), so a bad delivery leaves the previous one in place; an entity's
 * metric-month has values of one source and one grain only (checked by the loader), so its month
 * value is the month's value or the sum of its days. `business_metric_source` keeps the outcome of
 * each source's last load, a refused one with its reason.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('business_metric_value', table => {
    table.comment(
      'Values of business metrics per entity: a month, or a day of it (grain)',
    );
    table.text('source_key').notNullable();
    table.text('entity_ref').notNullable();
    table.text('metric_key').notNullable();
    table.text('unit').notNullable();
    table.text('grain').notNullable();
    table.date('period_month').notNullable();
    /** The day of a daily value; the month's first day for a monthly one. */
    table.date('period_start').notNullable();
    table.specificType('value', 'numeric').notNullable();
    table.primary(['entity_ref', 'metric_key', 'grain', 'period_start'], {
      constraintName: 'business_metric_value_pk',
    });
  });
  await knex.raw(`ALTER TABLE business_metric_value ADD CONSTRAINT business_metric_value_ck
    CHECK (value >= 0 AND grain IN ('month', 'day')
           AND period_month = date_trunc('month', period_start)::date
           AND (grain = 'day' OR period_start = period_month))`);
  await knex.raw(`CREATE INDEX business_metric_value_source_idx
    ON business_metric_value (source_key)`);
  await knex.raw(`CREATE INDEX business_metric_value_month_idx
    ON business_metric_value (entity_ref, metric_key, period_month)`);

  await knex.schema.createTable('business_metric_source', table => {
    table.comment('The last load of each business metric source');
    table.text('source_key').primary({
      constraintName: 'business_metric_source_pk',
    });
    table.text('status').notNullable();
    table.timestamp('attempted_at', { useTz: true }).notNullable();
    table.timestamp('loaded_at', { useTz: true });
    table.integer('value_count').notNullable().defaultTo(0);
    table.text('message');
  });
  await knex.raw(`ALTER TABLE business_metric_source ADD CONSTRAINT business_metric_source_ck
    CHECK (status IN ('succeeded', 'refused'))`);
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('business_metric_source');
  await knex.schema.dropTable('business_metric_value');
};
