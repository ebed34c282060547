// @ts-check
// SQL run by more than one migration, as it landed: never change what it sends (a change is a
// new migration). Not a migration itself: knex reads only the files of ../migrations.

/**
 * Creates a table of plain columns (no foreign keys) keyed by `<name>_pk`, then its comment and
 * its indexes, in the very text the migrations first wrote out by hand:
 *
 * ```sql
 *     CREATE TABLE <name> (
 *       <column> <type> NOT NULL,
 *       …
 *       CONSTRAINT <name>_pk
 *         PRIMARY KEY (<primaryKey>)
 *     )
 * ```
 *
 * @param {import('knex').Knex} knex
 * @param {string} name
 * @param {object} spec
 * @param {string} spec.columns `name type` pairs separated by commas, in table order; a column
 *   is NOT NULL unless its type ends in `?` (`unit_price numeric?`)
 * @param {string} spec.primaryKey the columns of the primary key, separated by commas
 * @param {string} spec.comment the table's comment, as plain text (quotes are doubled here)
 * @param {Record<string, string>} [spec.indexes] index name → its columns, created in this order
 */
async function createKeyedTable(knex, name, spec) {
  const columns = spec.columns
    .split(',')
    .map(column => column.trim())
    .map(column =>
      column.endsWith('?') ? column.slice(0, -1) : `${column} NOT NULL`,
    );
  await knex.raw(`
    CREATE TABLE ${name} (
${columns
  .map(column => `      ${column},\n`)
  .join('')}      CONSTRAINT ${name}_pk
        PRIMARY KEY (${spec.primaryKey})
    )`);
  await knex.raw(`COMMENT ON TABLE ${name} IS
    '${spec.comment.replace(/'/g, "''")}'`);
  for (const [index, on] of Object.entries(spec.indexes ?? {})) {
    await knex.raw(`CREATE INDEX ${index}
    ON ${name} (${on})`);
  }
}

module.exports = { createKeyedTable };
