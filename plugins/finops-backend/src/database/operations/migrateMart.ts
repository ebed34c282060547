import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  migrationsDir,
  migrationsTableName,
} from '@finops-backstage/finops-migrations';
import { Knex } from 'knex';

/** Brings the mart's schema up to date. */
export async function migrateMart(knex: Knex): Promise<void> {
  await knex.migrate.latest({
    directory: migrationsDir,
    tableName: migrationsTableName,
  });
}

/**
 * The mart's database, checked to be PostgreSQL and its schema brought up to date (unless the
 * backend skips migrations).
 */
export async function openMart(database: DatabaseService): Promise<Knex> {
  const knex = await database.getClient();
  const client = String(knex.client.config.client);
  if (client !== 'pg' && client !== 'postgresql') {
    throw new Error(
      `The FinOps plugin needs PostgreSQL, but its database client is '${client}'. ` +
        'Configure backend.database with client pg.',
    );
  }
  if (!database.migrations?.skip) {
    await migrateMart(knex);
  }
  return knex;
}
