/*
 * The benchmarks' database: the test PostgreSQL that scripts/with-postgres.mjs starts, a database
 * of their own created afresh in it each run, and a logger that keeps the batch quiet.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import knexFactory, { Knex } from 'knex';

/** Warnings and errors only: the batch's info lines would drown the benchmark's. */
export const quietLogger: LoggerService = {
  info: () => {},
  debug: () => {},
  warn: message => console.warn(message),
  error: message => console.error(message),
  child: () => quietLogger,
};

/** The connection string of the server (no database) that scripts/with-postgres.mjs started. */
export function benchConnection(): string {
  const connection =
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES18_CONNECTION_STRING;
  if (!connection) {
    throw new Error(
      'Run through scripts/with-postgres.mjs (no database connection string)',
    );
  }
  return connection;
}

/**
 * Drops `database` (with `force`, the connections a previous run left open go with it) and
 * creates it again empty; returns a pool of at most `poolMax` connections to it.
 */
export async function freshDatabase(
  connection: string,
  {
    database,
    poolMax,
    force,
  }: { database: string; poolMax: number; force: boolean },
): Promise<Knex> {
  const admin = knexFactory({ client: 'pg', connection });
  await admin.raw(
    `DROP DATABASE IF EXISTS ${database}${force ? ' WITH (FORCE)' : ''}`,
  );
  await admin.raw(`CREATE DATABASE ${database}`);
  await admin.destroy();
  return knexFactory({
    client: 'pg',
    connection: `${connection}/${database}`,
    pool: { min: 1, max: poolMax },
  });
}
