// @ts-check
const { requiredRef, stampedAt } = require('../shared/columns');

/**
 * Closed chargeback reports: the figures a month's report was closed with (view, unit prices,
 * quantities, costs per application and product), kept apart from the mart so that later price
 * or data changes show as drift instead of rewriting what finance was sent.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('chargeback_close', table => {
    table.comment(
      'A chargeback report closed for a month and a pricing view, with its totals at closing',
    );
    table.bigIncrements('close_id').primary();
    table.date('period_month').notNullable();
    table.integer('pricing_view_id').notNullable();
    table.text('view_key').notNullable();
    table.text('view_name').notNullable();
    table.text('currency').notNullable();
    table.specificType('total', 'numeric').notNullable();
    table.specificType('direct', 'numeric').notNullable();
    table.specificType('indirect', 'numeric').notNullable();
    table.specificType('unallocated', 'numeric').notNullable();
    table.text('note').notNullable().defaultTo('');
    table.text('closed_by').notNullable();
    stampedAt(table, knex, 'closed_at');
    table.unique(['period_month', 'pricing_view_id'], {
      indexName: 'chargeback_close_month_view_uq',
    });
  });
  await knex.raw(`ALTER TABLE chargeback_close ADD CONSTRAINT chargeback_close_view_fk
    FOREIGN KEY (pricing_view_id) REFERENCES pricing_view (pricing_view_id)`);

  await knex.schema.createTable('chargeback_close_line', table => {
    table.comment(
      'The lines of a closed chargeback report: one per application and product, exact amounts',
    );
    requiredRef(table, 'bigInteger', 'close_id', 'chargeback_close').onDelete(
      'CASCADE',
    );
    table.integer('application_id').notNullable();
    table.text('application_key').notNullable();
    table.text('entity_ref');
    table.text('application_name').notNullable();
    table.text('owner_ref');
    table.text('system_ref');
    table.text('cost_center');
    table.text('domain_key').notNullable();
    table.text('domain_mode').notNullable();
    table.text('indirect_method_key');
    table.text('indirect_label');
    table.integer('product_id').notNullable();
    table.text('product_key').notNullable();
    table.text('product_name').notNullable();
    table.text('unit').notNullable();
    table.specificType('quantity', 'numeric').notNullable();
    table.specificType('unit_price', 'numeric');
    table.specificType('cost', 'numeric');
    table.primary(['close_id', 'application_id', 'product_id'], {
      constraintName: 'chargeback_close_line_pk',
    });
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('chargeback_close_line');
  await knex.schema.dropTable('chargeback_close');
};
