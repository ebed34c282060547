// @ts-check
// Column builders used by more than one migration: never change what they build (a change is a
// new migration). Not a migration itself: knex reads only the files of ../migrations.

/**
 * A NOT NULL column referencing the column of the same name in `target`.
 *
 * @param {import('knex').Knex.CreateTableBuilder} table
 * @param {'integer' | 'bigInteger'} type
 * @param {string} column
 * @param {string} target
 */
function requiredRef(table, type, column, target) {
  return table[type](column).notNullable().references(column).inTable(target);
}

/**
 * A NOT NULL `timestamptz` column that defaults to the time of the insert.
 *
 * @param {import('knex').Knex.CreateTableBuilder} table
 * @param {import('knex').Knex} knex
 * @param {string} column
 */
function stampedAt(table, knex, column) {
  return table
    .timestamp(column, { useTz: true })
    .notNullable()
    .defaultTo(knex.fn.now());
}

/**
 * `created_at` and `updated_at` (stamped at the insert) and `deleted_at` (null: not deleted).
 *
 * @param {import('knex').Knex.CreateTableBuilder} table
 * @param {import('knex').Knex} knex
 */
function lifecycle(table, knex) {
  stampedAt(table, knex, 'created_at');
  stampedAt(table, knex, 'updated_at');
  table.timestamp('deleted_at', { useTz: true });
}

module.exports = { lifecycle, requiredRef, stampedAt };
