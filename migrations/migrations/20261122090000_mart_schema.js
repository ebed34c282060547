// @ts-check
const { lifecycle, requiredRef, stampedAt } = require('../shared/columns');
const { createQuantityViews } = require('../shared/quantityViews');

/**
 * The cost mart: a star schema of quantities (never money), its ingestion ledger, pricing views,
 * the audit trail, and materialized views of quantities for the cost queries.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('dim_domain', table => {
    table.comment(
      'Cost domains: DIRECT (measured consumption) or INDIRECT (distributed by weights)',
    );
    table.increments('domain_id').primary();
    table.text('domain_key').notNullable();
    table.text('name').notNullable();
    table.text('domain_mode').notNullable().defaultTo('DIRECT');
    table.text('indirect_method_key');
    table.text('indirect_label');
    lifecycle(table, knex);
    table.unique(['domain_key'], { indexName: 'dim_domain_key_uq' });
  });
  await knex.raw(`ALTER TABLE dim_domain ADD CONSTRAINT dim_domain_mode_ck
    CHECK (domain_mode IN ('DIRECT', 'INDIRECT'))`);

  await knex.schema.createTable('dim_family', table => {
    table.comment(
      'Product families (compute, storage, database, network, ...)',
    );
    table.increments('family_id').primary();
    table.text('family_key').notNullable();
    table.text('name').notNullable();
    requiredRef(table, 'integer', 'domain_id', 'dim_domain');
    table.unique(['family_key'], { indexName: 'dim_family_key_uq' });
  });

  await knex.schema.createTable('dim_product', table => {
    table.comment(
      'Products with history: one row per version, valid from a month (until the next version)',
    );
    table.increments('product_id').primary();
    table.text('product_key').notNullable();
    requiredRef(table, 'integer', 'family_id', 'dim_family');
    table.text('name').notNullable();
    table.text('unit').notNullable();
    table.text('provider').notNullable();
    table.text('service').notNullable();
    table.text('region');
    table.jsonb('attributes').notNullable().defaultTo('{}');
    table.date('valid_from').notNullable();
    table.date('valid_to');
    table.unique(['product_key', 'valid_from'], {
      indexName: 'dim_product_version_uq',
    });
  });

  await knex.schema.createTable('dim_application', table => {
    table.comment(
      'Cost-bearing units, each linked to a catalog entity and its owner; one row is "unallocated"',
    );
    table.increments('application_id').primary();
    table.text('application_key').notNullable();
    table.text('entity_ref');
    table.text('owner_ref');
    table.text('system_ref');
    table.text('name').notNullable();
    table.jsonb('tag_selectors').notNullable().defaultTo('[]');
    table.jsonb('account_keys').notNullable().defaultTo('[]');
    lifecycle(table, knex);
    table.unique(['application_key'], { indexName: 'dim_application_key_uq' });
    table.index(['entity_ref'], 'dim_application_entity_ref_idx');
    table.index(['owner_ref'], 'dim_application_owner_ref_idx');
  });
  await knex('dim_application').insert({
    application_key: 'unallocated',
    name: 'Unallocated',
  });

  await knex.schema.createTable('dim_account', table => {
    table.comment('Cloud accounts, subscriptions or billing scopes');
    table.increments('account_id').primary();
    table.text('provider').notNullable();
    table.text('account_key').notNullable();
    table.text('name').notNullable();
    table.unique(['provider', 'account_key'], {
      indexName: 'dim_account_key_uq',
    });
  });

  await knex.schema.createTable('dim_resource', table => {
    table.comment('Resources, where a source reports them');
    table.bigIncrements('resource_id').primary();
    table.text('provider').notNullable();
    table.text('resource_key').notNullable();
    table.text('name');
    table.unique(['provider', 'resource_key'], {
      indexName: 'dim_resource_key_uq',
    });
  });

  await knex.schema.createTable('ingestion_run', table => {
    table.comment(
      'One ingestion run: a scheduled or manual pass over the sources',
    );
    table.bigIncrements('run_id').primary();
    table.text('trigger').notNullable();
    table.text('requested_by');
    table.text('status').notNullable();
    table.boolean('force').notNullable().defaultTo(false);
    table.text('error');
    stampedAt(table, knex, 'started_at');
    table.timestamp('finished_at', { useTz: true });
    table.index(['started_at'], 'ingestion_run_started_idx');
  });
  await knex.raw(`ALTER TABLE ingestion_run ADD CONSTRAINT ingestion_run_status_ck
    CHECK (status IN ('running', 'succeeded', 'partial', 'failed', 'skipped'))`);

  await knex.schema.createTable('ingestion_load', table => {
    table.comment(
      'The ingestion ledger: one row per run and per (source, domain, month)',
    );
    table.bigIncrements('load_id').primary();
    requiredRef(table, 'bigInteger', 'run_id', 'ingestion_run');
    table.text('source_key').notNullable();
    table.text('domain_key');
    table.date('period_month').notNullable();
    table.text('status').notNullable();
    table.bigInteger('rows_read').notNullable().defaultTo(0);
    table.bigInteger('rows_loaded').notNullable().defaultTo(0);
    table.bigInteger('rows_rejected').notNullable().defaultTo(0);
    table.integer('requests').notNullable().defaultTo(0);
    table.specificType('billed_total', 'numeric');
    table.text('checksum');
    table.boolean('is_final').notNullable().defaultTo(false);
    table.text('detail');
    stampedAt(table, knex, 'started_at');
    table.timestamp('finished_at', { useTz: true });
    table.index(['run_id'], 'ingestion_load_run_idx');
    table.index(
      ['source_key', 'period_month', 'domain_key'],
      'ingestion_load_month_idx',
    );
  });
  await knex.raw(`ALTER TABLE ingestion_load ADD CONSTRAINT ingestion_load_status_ck
    CHECK (status IN ('succeeded', 'failed', 'skipped'))`);

  await knex.schema.createTable('ingestion_rejected_row', table => {
    table.comment(
      'Rows a source gave that could not be loaded, kept with their reason',
    );
    table.bigIncrements('rejected_id').primary();
    requiredRef(table, 'bigInteger', 'run_id', 'ingestion_run');
    table.text('source_key').notNullable();
    table.date('period_month').notNullable();
    table.text('domain_key');
    table.text('line');
    table.text('reason').notNullable();
    table.jsonb('raw').notNullable();
    table.index(
      ['run_id', 'source_key', 'period_month'],
      'ingestion_rejected_row_run_idx',
    );
  });

  await knex.schema.createTable('actual_price_basis', table => {
    table.comment(
      'Quantity and billed amount per (source, domain, product, month): the basis of the actual view',
    );
    table.text('source_key').notNullable();
    requiredRef(table, 'integer', 'domain_id', 'dim_domain');
    requiredRef(table, 'integer', 'product_id', 'dim_product');
    table.date('period_month').notNullable();
    table.specificType('quantity', 'numeric').notNullable();
    table.specificType('billed', 'numeric').notNullable();
    table.text('currency').notNullable();
    table.primary(['source_key', 'domain_id', 'product_id', 'period_month'], {
      constraintName: 'actual_price_basis_pk',
    });
  });

  await knex.raw(`
    CREATE TABLE fact_consumption (
      period_month date NOT NULL,
      day date NOT NULL,
      domain_id integer NOT NULL REFERENCES dim_domain (domain_id),
      product_id integer NOT NULL REFERENCES dim_product (product_id),
      application_id integer NOT NULL REFERENCES dim_application (application_id),
      account_id integer REFERENCES dim_account (account_id),
      resource_id bigint REFERENCES dim_resource (resource_id),
      source_key text NOT NULL,
      quantity numeric NOT NULL,
      consumption_type text NOT NULL,
      consumption_metric text NOT NULL,
      run_id bigint NOT NULL REFERENCES ingestion_run (run_id),
      CONSTRAINT fact_consumption_type_ck CHECK (consumption_type IN ('DIRECT', 'INDIRECT')),
      CONSTRAINT fact_consumption_day_in_month_ck
        CHECK (date_trunc('month', day)::date = period_month)
    ) PARTITION BY RANGE (period_month)`);
  await knex.raw(`COMMENT ON TABLE fact_consumption IS
    'Quantities consumed per day, product and application; partitioned by month'`);
  await knex.raw(`CREATE INDEX fact_consumption_load_idx
    ON fact_consumption (period_month, source_key, domain_id)`);
  await knex.raw(`CREATE INDEX fact_consumption_application_idx
    ON fact_consumption (application_id, period_month)`);

  await knex.schema.createTable('pricing_view', table => {
    table.comment(
      'Named sets of unit prices applied to quantities at query time',
    );
    table.increments('pricing_view_id').primary();
    table.text('view_key').notNullable();
    table.text('name').notNullable();
    table.text('description').notNullable().defaultTo('');
    table.text('kind').notNullable();
    table.text('currency').notNullable();
    table
      .integer('parent_id')
      .references('pricing_view_id')
      .inTable('pricing_view');
    lifecycle(table, knex);
  });
  await knex.raw(`ALTER TABLE pricing_view ADD CONSTRAINT pricing_view_kind_ck
    CHECK (kind IN ('actual', 'list', 'contracted', 'budget', 'forecast', 'what-if'))`);
  await knex.raw(`CREATE UNIQUE INDEX pricing_view_key_uq
    ON pricing_view (view_key) WHERE deleted_at IS NULL`);
  await knex('pricing_view').insert({
    view_key: 'actual',
    name: 'Actual',
    description:
      'Effective unit prices from the billed amounts, written by the ingestion batch',
    kind: 'actual',
    currency: 'USD',
  });

  await knex.schema.createTable('pricing_rule', table => {
    table.comment(
      'A unit price or a multiplier of the parent view, for a product, a family or a domain',
    );
    table.bigIncrements('pricing_rule_id').primary();
    requiredRef(table, 'integer', 'pricing_view_id', 'pricing_view');
    table.integer('product_id').references('product_id').inTable('dim_product');
    table.integer('family_id').references('family_id').inTable('dim_family');
    table.integer('domain_id').references('domain_id').inTable('dim_domain');
    table.specificType('unit_price', 'numeric');
    table.specificType('multiplier', 'numeric');
    table.date('valid_from').notNullable();
    table.date('valid_to');
    table.timestamp('deleted_at', { useTz: true });
    table.index(['pricing_view_id', 'product_id'], 'pricing_rule_product_idx');
    table.index(['pricing_view_id', 'family_id'], 'pricing_rule_family_idx');
    table.index(['pricing_view_id', 'domain_id'], 'pricing_rule_domain_idx');
  });
  await knex.raw(`ALTER TABLE pricing_rule ADD CONSTRAINT pricing_rule_target_ck
    CHECK (num_nonnulls(product_id, family_id, domain_id) = 1)`);
  await knex.raw(`ALTER TABLE pricing_rule ADD CONSTRAINT pricing_rule_value_ck
    CHECK (num_nonnulls(unit_price, multiplier) = 1)`);

  await knex.schema.createTable('audit_event', table => {
    table.comment(
      'Append-only trail of every change to prices, budgets and domains',
    );
    table.bigIncrements('audit_id').primary();
    table.text('event_id').notNullable();
    table.text('actor_ref').notNullable();
    table.text('subject_type').notNullable();
    table.text('subject_id').notNullable();
    table.jsonb('before');
    table.jsonb('after');
    stampedAt(table, knex, 'created_at');
    table.index(['subject_type', 'subject_id'], 'audit_event_subject_idx');
  });

  // Exact product of numerics (pricing multipliers chain through parent views).
  await knex.raw(`CREATE AGGREGATE finops_product(numeric)
    (SFUNC = numeric_mul, STYPE = numeric, INITCOND = '1')`);

  // Quantities (never costs) pre-aggregated for the cost queries. The account is 0 where a source
  // has none, so the unique indexes that REFRESH ... CONCURRENTLY needs cover every row.
  await createQuantityViews(knex);
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.raw('DROP MATERIALIZED VIEW IF EXISTS mv_quantity_daily');
  await knex.raw('DROP MATERIALIZED VIEW IF EXISTS mv_quantity_monthly');
  await knex.raw('DROP AGGREGATE IF EXISTS finops_product(numeric)');
  await knex.schema.dropTable('audit_event');
  await knex.schema.dropTable('pricing_rule');
  await knex.schema.dropTable('pricing_view');
  await knex.schema.dropTable('fact_consumption');
  await knex.schema.dropTable('actual_price_basis');
  await knex.schema.dropTable('ingestion_rejected_row');
  await knex.schema.dropTable('ingestion_load');
  await knex.schema.dropTable('ingestion_run');
  await knex.schema.dropTable('dim_resource');
  await knex.schema.dropTable('dim_account');
  await knex.schema.dropTable('dim_application');
  await knex.schema.dropTable('dim_product');
  await knex.schema.dropTable('dim_family');
  await knex.schema.dropTable('dim_domain');
};
