// @ts-check
const { requiredRef } = require('../shared/columns');

/**
 * What the cloud sources bring beyond quantities and billed amounts: list, contracted and
 * amortized amounts (the basis of the `list`, `contracted` and `amortized` pricing views), the
 * FOCUS charge and pricing categories, the commitment discount a row used or left unused, and the
 * providers' own commitment figures (coverage, utilisation, purchase recommendations).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.raw(
    'ALTER TABLE pricing_view DROP CONSTRAINT pricing_view_kind_ck',
  );
  await knex.raw(`ALTER TABLE pricing_view ADD CONSTRAINT pricing_view_kind_ck
    CHECK (kind IN ('actual', 'amortized', 'list', 'contracted', 'budget', 'forecast', 'what-if'))`);

  await knex.schema.alterTable('pricing_view', table => {
    // Views the ingestion batch writes (actual, amortized, list, contracted): read-only to users.
    table.text('managed_by');
  });
  await knex('pricing_view')
    .where({ view_key: 'actual' })
    .update({ managed_by: 'ingestion' });

  await knex.schema.alterTable('actual_price_basis', table => {
    // Null unless every row of the (source, product, month) carried the amount.
    table.specificType('list_amount', 'numeric');
    table.specificType('contracted_amount', 'numeric');
    table.specificType('amortized_amount', 'numeric');
  });

  await knex.schema.alterTable('ingestion_load', table => {
    // What the actual view makes of the load: Σ quantity × actual unit price, beside billed_total.
    table.specificType('priced_total', 'numeric');
  });

  await knex.schema.createTable('dim_commitment', table => {
    table.comment(
      'Commitment discounts (reservations, savings plans) that rows used or left unused',
    );
    table.increments('commitment_id').primary();
    table.text('provider').notNullable();
    table.text('commitment_key').notNullable();
    table.text('name');
    table.text('commitment_type');
    table.text('category');
    table.unique(['provider', 'commitment_key'], {
      indexName: 'dim_commitment_key_uq',
    });
  });

  await knex.raw(`ALTER TABLE fact_consumption
    ADD COLUMN charge_category text,
    ADD COLUMN pricing_category text,
    ADD COLUMN commitment_id integer REFERENCES dim_commitment (commitment_id),
    ADD COLUMN commitment_status text,
    ADD COLUMN commitment_quantity numeric`);
  await knex.raw(`CREATE INDEX fact_consumption_commitment_idx
    ON fact_consumption (commitment_id, period_month) WHERE commitment_id IS NOT NULL`);

  await knex.schema.createTable('commitment_insight', table => {
    table.comment(
      'The providers own commitment figures for a month: coverage, utilisation or a purchase recommendation',
    );
    table.bigIncrements('insight_id').primary();
    table.text('source_key').notNullable();
    table.date('period_month').notNullable();
    requiredRef(table, 'bigInteger', 'run_id', 'ingestion_run');
    table.text('kind').notNullable();
    table.text('commitment_type').notNullable();
    table.date('period_start').notNullable();
    table.date('period_end').notNullable();
    table.text('account');
    table.text('service');
    table.text('region');
    table.text('instance_type');
    table.text('term');
    table.text('payment_option');
    table.jsonb('attributes').notNullable().defaultTo('{}');
    table.index(['source_key', 'period_month'], 'commitment_insight_month_idx');
  });
  await knex.raw(`ALTER TABLE commitment_insight ADD CONSTRAINT commitment_insight_kind_ck
    CHECK (kind IN ('coverage', 'utilization', 'recommendation'))`);

  await knex.schema.createTable('commitment_insight_figure', table => {
    table.comment('The exact figures of a commitment insight');
    requiredRef(
      table,
      'bigInteger',
      'insight_id',
      'commitment_insight',
    ).onDelete('CASCADE');
    table.text('name').notNullable();
    table.specificType('value', 'numeric').notNullable();
    table.primary(['insight_id', 'name'], {
      constraintName: 'commitment_insight_figure_pk',
    });
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('commitment_insight_figure');
  await knex.schema.dropTable('commitment_insight');
  await knex.raw(`ALTER TABLE fact_consumption
    DROP COLUMN charge_category, DROP COLUMN pricing_category, DROP COLUMN commitment_id,
    DROP COLUMN commitment_status, DROP COLUMN commitment_quantity`);
  await knex.schema.dropTable('dim_commitment');
  await knex.schema.alterTable('ingestion_load', table => {
    table.dropColumn('priced_total');
  });
  await knex.schema.alterTable('actual_price_basis', table => {
    table.dropColumn('list_amount');
    table.dropColumn('contracted_amount');
    table.dropColumn('amortized_amount');
  });
  await knex.schema.alterTable('pricing_view', table => {
    table.dropColumn('managed_by');
  });
  await knex.raw(
    'ALTER TABLE pricing_view DROP CONSTRAINT pricing_view_kind_ck',
  );
  await knex.raw(`ALTER TABLE pricing_view ADD CONSTRAINT pricing_view_kind_ck
    CHECK (kind IN ('actual', 'list', 'contracted', 'budget', 'forecast', 'what-if'))`);
};
