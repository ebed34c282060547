// @ts-check

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
  await knex.raw(`
    CREATE TABLE resource_tag_month (
      period_month date NOT NULL,
      source_key text NOT NULL,
      domain_id integer NOT NULL,
      resource_id bigint NOT NULL,
      tags jsonb NOT NULL,
      CONSTRAINT resource_tag_month_pk
        PRIMARY KEY (period_month, source_key, domain_id, resource_id)
    )`);
  await knex.raw(`COMMENT ON TABLE resource_tag_month IS
    'Tags of each resource in a month, per source and domain, merged over the month''s rows'`);
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('resource_tag_month');
};
