// @ts-check

/**
 * Several billing currencies. A pricing rule may carry its own currency (the batch writes each
 * product's actual price in the currency it was billed in); without one it is in its view's
 * currency. Monthly exchange rates convert a price to the reporting currency of the view asked
 * for, at query time, exactly (`numeric`); a month without the rate leaves the product unpriced.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('pricing_rule', table => {
    table.text('currency');
  });
  await knex.raw(`ALTER TABLE pricing_rule ADD CONSTRAINT pricing_rule_currency_ck
    CHECK (currency IS NULL OR currency ~ '^[A-Z]{3}$')`);
  await knex.schema.createTable('exchange_rate', table => {
    table.comment(
      'Monthly exchange rates: 1 unit of from_currency is worth rate units of to_currency',
    );
    table.date('period_month').notNullable();
    table.text('from_currency').notNullable();
    table.text('to_currency').notNullable();
    table.specificType('rate', 'numeric').notNullable();
    table.text('origin').notNullable();
    table.primary(['period_month', 'from_currency', 'to_currency'], {
      constraintName: 'exchange_rate_pk',
    });
  });
  await knex.raw(`ALTER TABLE exchange_rate ADD CONSTRAINT exchange_rate_ck
    CHECK (rate > 0 AND from_currency ~ '^[A-Z]{3}$' AND to_currency ~ '^[A-Z]{3}$'
           AND from_currency <> to_currency
           AND period_month = date_trunc('month', period_month)::date)`);
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('exchange_rate');
  await knex.raw(
    'ALTER TABLE pricing_rule DROP CONSTRAINT IF EXISTS pricing_rule_currency_ck',
  );
  await knex.schema.alterTable('pricing_rule', table => {
    table.dropColumn('currency');
  });
};
