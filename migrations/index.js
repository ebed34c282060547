// @ts-check
const path = require('node:path');

/** The folder holding the FinOps mart's knex migrations. */
const migrationsDir = path.resolve(__dirname, 'migrations');

/** The table in which knex records the migrations it has run. */
const migrationsTableName = 'finops_knex_migrations';

module.exports = { migrationsDir, migrationsTableName };
