import { ConfigSources } from '@backstage/config-loader';
import { findPaths } from '@backstage/cli-common';
import fs from 'node:fs';
import path from 'node:path';

const PORT = Number(process.env.FINOPS_EMBEDDED_POSTGRES_PORT ?? 54329);
const USER = 'postgres';
const PASSWORD = 'finops-local';

/**
 * Starts an embedded PostgreSQL for local use, unless `backend.database` is configured.
 * Its data lives in `.data/postgres` at the repository root, so a restart keeps it (as root, when
 * the postgres user cannot reach the repository, in a folder under the system's temporary folder).
 * The connection is handed to the backend through `APP_CONFIG_backend_database`.
 * A setup PostgreSQL cannot run in stops the process with one sentence saying what to do.
 */
export async function startEmbeddedPostgresUnlessConfigured(): Promise<void> {
  const { targetRoot } = findPaths(process.cwd());
  const config = await ConfigSources.toConfig(
    ConfigSources.default({ argv: process.argv, rootDir: targetRoot }),
  );
  if (config.has('backend.database')) {
    return;
  }

  // Loaded lazily: embedded-postgres is ESM-only, and so is the module that finds it.
  const { prepareEmbeddedPostgres, exitOnPostgresAccessError } = await import(
    './embeddedPostgresPaths.mjs'
  );
  const configuredDir = process.env.FINOPS_EMBEDDED_POSTGRES_DIR;
  const { EmbeddedPostgres, databaseDir } = await prepareEmbeddedPostgres({
    databaseDir: configuredDir || path.join(targetRoot, '.data', 'postgres'),
    movable: !configuredDir,
  }).catch(exitOnPostgresAccessError);
  const connection = {
    host: '127.0.0.1',
    port: PORT,
    user: USER,
    password: PASSWORD,
  };
  process.env.APP_CONFIG_backend_database = JSON.stringify({
    client: 'pg',
    connection,
  });

  if (isRunning(databaseDir)) {
    console.log(
      `Embedded PostgreSQL already running on port ${PORT}, reusing it`,
    );
    return;
  }

  const postgres = new EmbeddedPostgres({
    databaseDir,
    port: PORT,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: () => {},
  });
  if (!fs.existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    await postgres.initialise();
  }
  await postgres.start();
  console.log(
    `Embedded PostgreSQL started on port ${PORT}, data in ${databaseDir}`,
  );

  const stop = async () => {
    await postgres.stop().catch(() => {});
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function isRunning(databaseDir: string): boolean {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) {
    return false;
  }
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
