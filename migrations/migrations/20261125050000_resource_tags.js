// @ts-check
const { createKeyedTable } = require('../shared/keyedTables');

/**
 * The tags each resource carried in a month, for tag compliance: one row per (month, source,
 * domain, resource), the keys of the month's rows merged (the last row read wins per key).
 *
 * The batch replaces a (month, source, domain) in the transaction that replaces its facts, so
 * the domain is part of the key: a load that is refused for one domain keeps that domain's tags
 * beside its facts while the others are replaced. Like the fact table, no foreign keys: the batch
 * only writes ids it has just read from the dimensions, which are never deleted.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await createKeyedTable(knex, 'resource_tag_month', {
    columns:
      'period_month date, source_key text, domain_id integer, resource_id bigint, tags jsonb',
    primaryKey: 'period_month, source_key, domain_id, resource_id',
    comment:
      "Tags of each resource in a month, per source and domain, merged over the month's rows",
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('resource_tag_month');
};
