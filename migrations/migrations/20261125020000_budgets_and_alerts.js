// @ts-check
const { lifecycle, requiredRef, stampedAt } = require('../shared/columns');

/**
 * Budgets, the alerts they raised and the anomaly alerts.
 *
 * A budget has a scope (a catalog entity, a domain, an account or the whole estate), a period
 * kind, an amount in the currency of the pricing view it is measured in, thresholds in percent and
 * an "alert on forecast" flag. An alert is unique per budget, period, kind and threshold: a re-run
 * of the batch can never send it twice. An anomaly alert is unique per entity and day.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('budget', table => {
    table.comment(
      'Budgets: an amount per period for a scope, in a pricing view',
    );
    table.bigIncrements('budget_id').primary();
    table.text('name').notNullable();
    table.text('scope_type').notNullable();
    // Entity ref, domain key or account key; null for the estate.
    table.text('scope_ref');
    // The catalog owner of an entity scope when the budget was written (groups own themselves).
    table.text('owner_ref');
    table.text('period').notNullable();
    table.specificType('amount', 'numeric').notNullable();
    table.text('currency').notNullable();
    requiredRef(table, 'integer', 'pricing_view_id', 'pricing_view');
    table
      .specificType('thresholds', 'numeric[]')
      .notNullable()
      .defaultTo(knex.raw(`'{50,80,100}'::numeric[]`));
    table.boolean('alert_on_forecast').notNullable().defaultTo(false);
    table.text('created_by').notNullable();
    lifecycle(table, knex);
    table.index(['scope_type', 'scope_ref'], 'budget_scope_idx');
    table.index(['owner_ref'], 'budget_owner_idx');
  });
  await knex.raw(`ALTER TABLE budget ADD CONSTRAINT budget_scope_type_ck
    CHECK (scope_type IN ('entity', 'domain', 'account', 'estate'))`);
  await knex.raw(`ALTER TABLE budget ADD CONSTRAINT budget_scope_ref_ck
    CHECK ((scope_type = 'estate') = (scope_ref IS NULL))`);
  await knex.raw(`ALTER TABLE budget ADD CONSTRAINT budget_period_ck
    CHECK (period IN ('month', 'quarter', 'year'))`);
  await knex.raw(`ALTER TABLE budget ADD CONSTRAINT budget_amount_ck
    CHECK (amount > 0)`);

  await knex.schema.createTable('budget_alert', table => {
    table.comment(
      'Budget thresholds crossed, once per budget, period, kind and threshold',
    );
    table.bigIncrements('budget_alert_id').primary();
    requiredRef(table, 'bigInteger', 'budget_id', 'budget');
    table.date('period_start').notNullable();
    // 'actual': the actual cost crossed it; 'forecast': the forecast to period end did.
    table.text('kind').notNullable();
    table.specificType('threshold', 'numeric').notNullable();
    table.specificType('actual', 'numeric').notNullable();
    table.specificType('forecast', 'numeric');
    table.specificType('amount', 'numeric').notNullable();
    table.integer('run_id');
    table.text('recipients');
    stampedAt(table, knex, 'created_at');
    table.unique(['budget_id', 'period_start', 'kind', 'threshold'], {
      indexName: 'budget_alert_once_uq',
    });
  });
  await knex.raw(`ALTER TABLE budget_alert ADD CONSTRAINT budget_alert_kind_ck
    CHECK (kind IN ('actual', 'forecast'))`);

  await knex.schema.createTable('anomaly_alert', table => {
    table.comment(
      'Cost anomalies notified to an owner, once per scope and day',
    );
    table.bigIncrements('anomaly_alert_id').primary();
    table.text('entity_ref').notNullable();
    table.text('owner_ref');
    table.date('day').notNullable();
    table.specificType('expected', 'numeric').notNullable();
    table.specificType('actual', 'numeric').notNullable();
    table.integer('run_id');
    stampedAt(table, knex, 'created_at');
    table.unique(['entity_ref', 'day'], { indexName: 'anomaly_alert_once_uq' });
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('anomaly_alert');
  await knex.schema.dropTable('budget_alert');
  await knex.schema.dropTable('budget');
};
