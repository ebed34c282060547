// Two backend replicas (issue 17, item 10): two real backend processes (packages/backend, in
// development mode) on ONE PostgreSQL, the normal production shape of Backstage. Asserts that the
// scheduled ingestion runs once for its first slot (never two runs at the same time), and that a
// pricing change made through replica A is seen at once through replica B (no stale cache).
//   node scripts/with-postgres.mjs node --test scripts/replicas.test.mjs
// (scripts/test.sh runs it as its step "two backend replicas"). Not a jest test and not in
// e2e/*.test.mjs: it needs the database from with-postgres.mjs and starts its own backends.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const BACKEND_DIR = path.join(ROOT, 'packages/backend');
const OUTPUT = path.join(ROOT, 'e2e/output');
const CONNECTION =
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES18_CONNECTION_STRING;
// The instant both replicas live at: the test does not depend on today's date.
const NOW = process.env.FINOPS_NOW ?? '2026-12-01T06:00:00Z';
const PORTS = {
  A: Number(process.env.FINOPS_REPLICA_A_PORT ?? 7117),
  B: Number(process.env.FINOPS_REPLICA_B_PORT ?? 7127),
};
const STARTUP_TIMEOUT_MS = 90_000;
const INGESTION_TIMEOUT_MS = 90_000;

const replicas = {};

/** Starts one backend process in its own process group; its output goes to a log file. */
function startReplica(name) {
  const port = PORTS[name];
  const log = path.join(OUTPUT, `replica-${name}.log`);
  const out = fs.openSync(log, 'w');
  const child = spawn(
    process.execPath,
    [
      path.join(ROOT, 'node_modules/.bin/backstage-cli'),
      'package',
      'start',
      '--config',
      path.join(ROOT, 'app-config.yaml'),
      '--config',
      path.join(ROOT, 'e2e/replicas.app-config.yaml'),
    ],
    {
      cwd: BACKEND_DIR,
      detached: true,
      stdio: ['ignore', out, out],
      env: {
        ...process.env,
        FINOPS_NOW: NOW,
        APP_CONFIG_backend_listen_port: String(port),
        APP_CONFIG_backend_baseUrl: `http://localhost:${port}`,
        APP_CONFIG_backend_database: JSON.stringify({
          client: 'pg',
          connection: CONNECTION,
        }),
      },
    },
  );
  fs.closeSync(out);
  const replica = {
    name,
    child,
    log,
    url: `http://localhost:${port}`,
    exited: undefined,
  };
  child.on('exit', (code, signal) => {
    replica.exited = { code, signal };
  });
  replicas[name] = replica;
  return replica;
}

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
const tail = file =>
  fs.readFileSync(file, 'utf8').split('\n').slice(-25).join('\n');

/** Polls until check() returns a value; fails with a clear message at the deadline. */
async function waitFor(what, timeoutMs, check, replicasToWatch = []) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    for (const replica of replicasToWatch) {
      // In development mode backstage-cli stays up when the backend it runs fails: its log tells.
      if (
        /BackendStartupError|EADDRINUSE/.test(
          fs.readFileSync(replica.log, 'utf8'),
        )
      ) {
        assert.fail(
          `replica ${
            replica.name
          } failed while waiting for ${what}; its log:\n${tail(replica.log)}`,
        );
      }
      if (replica.exited) {
        assert.fail(
          `replica ${replica.name} exited (${JSON.stringify(
            replica.exited,
          )}) while waiting for ${what}; its log:\n${tail(replica.log)}`,
        );
      }
    }
    try {
      last = await check();
      if (last?.done) return last.value;
    } catch (error) {
      last = { error: String(error) };
    }
    await sleep(1000);
  }
  assert.fail(
    `${what}: not after ${timeoutMs / 1000} s; last seen: ${JSON.stringify(
      last,
    )}`,
  );
}

async function waitForHealth(replica) {
  return waitFor(
    `replica ${replica.name} answering ${replica.url}/api/finops/health`,
    STARTUP_TIMEOUT_MS,
    async () => {
      const response = await fetch(`${replica.url}/api/finops/health`);
      const body = await response.json();
      const listening = fs
        .readFileSync(replica.log, 'utf8')
        .includes(`Listening on :${PORTS[replica.name]}`);
      return {
        done: response.ok && body.status === 'ok' && listening,
        value: body,
      };
    },
    [replica],
  );
}

async function guestToken(replica) {
  const response = await fetch(
    `${replica.url}/api/auth/guest/refresh?env=development`,
    { headers: { 'x-requested-with': 'XMLHttpRequest' } },
  );
  assert.equal(response.status, 200, `guest sign-in on ${replica.name}`);
  return (await response.json()).backstageIdentity.token;
}

/** A call of the FinOps API on one replica as the guest; asserts the status. */
async function api(replica, method, route, { body, status } = {}) {
  const response = await fetch(`${replica.url}/api/finops${route}`, {
    method,
    headers: {
      authorization: `Bearer ${await guestToken(replica)}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.equal(
    response.status,
    status ?? (method === 'POST' ? 201 : 200),
    `${method} ${route} on replica ${replica.name}: ${text}`,
  );
  return text ? JSON.parse(text) : undefined;
}

/** Stops a replica's whole process group (backstage-cli and the backend it runs). */
async function stopReplica(replica) {
  if (!replica || replica.exited) return;
  const signal = sig => {
    try {
      process.kill(-replica.child.pid, sig);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + 10_000;
  while (!replica.exited && Date.now() < deadline) await sleep(200);
  signal('SIGKILL'); // whatever is left of the group
}

before(async () => {
  assert.ok(
    CONNECTION,
    'BACKSTAGE_TEST_DATABASE_POSTGRES18_CONNECTION_STRING is not set: run under node scripts/with-postgres.mjs',
  );
  fs.mkdirSync(OUTPUT, { recursive: true });
  // The answers must come from these replicas, not from something already on their ports.
  assert.notEqual(PORTS.A, PORTS.B, 'the replicas need two ports');
  for (const port of Object.values(PORTS)) {
    const taken = await fetch(`http://localhost:${port}/`).then(
      () => true,
      () => false,
    );
    assert.ok(!taken, `port ${port} is already in use`);
  }
  // A first, B once A is up: two replicas cold-starting at the same instant on an EMPTY database
  // race each other in knex's migration bootstrap (both create the *_knex_migrations tables) and
  // one fails; a rolling deploy, as here, starts one on the empty database first.
  const a = startReplica('A');
  await waitForHealth(a);
  const b = startReplica('B');
  await waitForHealth(b);
});

after(async () => {
  await Promise.all(Object.values(replicas).map(stopReplica));
});

test('the scheduled ingestion runs once for its first slot, never two runs at once', async () => {
  const { A, B } = replicas;
  // The first slot (initialDelay 5 s) has run when a run has finished, on either replica.
  const runs = await waitFor(
    'the first scheduled ingestion to finish',
    INGESTION_TIMEOUT_MS,
    async () => {
      const { items } = await api(B, 'GET', '/ingestion/runs');
      const scheduled = items.filter(run => run.trigger === 'schedule');
      const finished =
        scheduled.length > 0 &&
        scheduled.every(run => run.status !== 'running');
      return { done: finished, value: scheduled, runs: scheduled };
    },
    [A, B],
  );
  // Give a (wrongly) doubled run of the same slot the time to show up in the ledger.
  await sleep(3000);
  const { items } = await api(A, 'GET', '/ingestion/runs');
  const scheduled = items.filter(run => run.trigger === 'schedule');
  assert.ok(scheduled.length >= runs.length);
  const succeeded = scheduled.filter(run => run.status === 'succeeded');
  assert.equal(
    succeeded.length,
    1,
    `one scheduled run succeeded: ${JSON.stringify(scheduled)}`,
  );
  for (const run of scheduled) {
    if (run.status === 'succeeded') continue;
    assert.equal(
      run.status,
      'skipped',
      `other runs skipped: ${JSON.stringify(run)}`,
    );
  }
  // Runs that loaded never overlap in time.
  const loaded = items
    .filter(run => run.status !== 'skipped')
    .map(run => ({
      start: Date.parse(run.startedAt),
      end: Date.parse(run.finishedAt ?? new Date().toISOString()),
    }))
    .sort((x, y) => x.start - y.start);
  for (let i = 1; i < loaded.length; i++) {
    assert.ok(
      loaded[i].start >= loaded[i - 1].end,
      `runs overlap: ${JSON.stringify(items)}`,
    );
  }
  // Both replicas see the data of the one run.
  for (const replica of [A, B]) {
    const health = await (
      await fetch(`${replica.url}/api/finops/health`)
    ).json();
    assert.equal(
      health.hasData,
      true,
      `replica ${replica.name}: ${JSON.stringify(health)}`,
    );
  }
});

test('manual runs started at the same moment on A and on B never load at the same time', async () => {
  const { A, B } = replicas;
  const [{ runId: onA }, { runId: onB }] = await Promise.all(
    [A, B].map(replica =>
      api(replica, 'POST', '/ingestion/runs', {
        body: { force: true },
        status: 202,
      }),
    ),
  );
  const pair = await waitFor(
    `manual runs ${onA} (A) and ${onB} (B) to finish`,
    INGESTION_TIMEOUT_MS,
    async () => {
      const { items } = await api(A, 'GET', '/ingestion/runs');
      const runs = items.filter(run => [onA, onB].includes(run.runId));
      const done =
        runs.length === 2 && runs.every(run => run.status !== 'running');
      return { done, value: runs, runs };
    },
    [A, B],
  );
  for (const run of pair) {
    assert.ok(
      ['succeeded', 'skipped'].includes(run.status),
      `run ${run.runId}: ${JSON.stringify(run)}`,
    );
  }
  const succeeded = pair.filter(run => run.status === 'succeeded');
  assert.ok(succeeded.length >= 1, `one of them ran: ${JSON.stringify(pair)}`);
  // Both may succeed when one finished before the other reached the lock; if not, the other
  // was skipped by the run lock (a PostgreSQL advisory lock, across the two processes).
  if (succeeded.length === 1) {
    const [skipped] = pair.filter(run => run.status === 'skipped');
    assert.equal(skipped.error, 'another ingestion run is in progress');
  }
  console.log(
    `manual runs at once: ${pair
      .map(run => `${run.runId} ${run.status}`)
      .join(', ')}`,
  );
});

test('a pricing change made through replica A is seen at once through replica B', async () => {
  const { A, B } = replicas;
  const key = `replicas-what-if-${Date.now().toString(36)}`;
  await api(A, 'POST', '/pricing-views', {
    body: {
      key,
      name: 'What-if (cloud +25 %)',
      kind: 'what-if',
      currency: 'USD',
      parent: 'actual',
    },
  });
  const overview = replica =>
    api(
      replica,
      'GET',
      `/overview?${new URLSearchParams({
        view: key,
        from: '2026-06',
        to: '2026-11',
      })}`,
    );
  // Asked on both before the change, so any cache of B's (and A's) is warm.
  const beforeB = await overview(B);
  const beforeA = await overview(A);
  assert.deepEqual(beforeB, beforeA, 'A and B agree before the change');
  await api(A, 'POST', `/pricing-views/${key}/rules`, {
    body: [{ domain: 'CLOUD', multiplier: '1.25', validFrom: '2024-01' }],
  });
  // At once: no waiting, no retry (B first, then A).
  const afterB = await overview(B);
  const afterA = await overview(A);
  assert.notDeepEqual(
    afterA,
    beforeA,
    'the rule changes the overview on replica A',
  );
  assert.deepEqual(afterB, afterA, "replica B answers A's new figures at once");
});
