// Our entity costs route against a peer's report route, in one backend process, in one run:
//   node .yarn/releases/yarn-4.13.0.cjs bench:peer [--duration <s, default 20>] [--rounds <n, default 2>]
//                                                 [--profile | --heap-profile] [--fresh]
// The peer is InfraWallet (@electrolux-oss/plugin-infrawallet-backend@1.2.0). It is added to a
// throw-away copy of this installed clone in the system's temporary folder, never to the product:
// the copy is made once per yarn.lock (kept under the temporary folder; --fresh makes it again) and
// this clone's sources are copied into it on every run, so it measures the code as it is now.
// README (Development) says what each figure means.
//
// The backend of the copy (our demo data + the peer's mock integration) listens on port 7047. The
// command alternates, round after round, our route (the entity Cost tab's "by product" request for
// a component) and the peer's cached report, with 10 connections, then each with one connection;
// then the peer's uncached report (another endTime each request) the same way. p50 / p95 are
// computed from every sample of every round. The backend's RSS is sampled every 200 ms all
// through. It prints a table and writes bench-results/peer.json. With --profile the backend runs
// with --cpu-prof and only our route is driven, and the profile is summarised
// (bench-results/peer-profile.*); --heap-profile does the same with a sampling heap profile.
//
// Runs under scripts/with-postgres.mjs (see the package.json script): the backend's database is
// that throw-away PostgreSQL.
import autocannon from 'autocannon';
import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  benchBackendConfig,
  benchIngestionConfig,
  guestRefresh,
} from '../plugins/finops-backend/bench/benchBackend.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PEER = '@electrolux-oss/plugin-infrawallet-backend@1.2.0';
const PORT = Number(process.env.FINOPS_BENCH_PEER_PORT ?? 7047);
const BASE = `http://localhost:${PORT}`;
const COMPONENT = 'component:default/cart-service';
/** Packages whose native rebuild fails offline; their build/ folders come from this clone. */
const NATIVE = ['keytar', 'better-sqlite3', 'cpu-features'];
/** Bumped when the way the copy is made changes, so that an old cached copy is not reused. */
const RECIPE = 1;

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const duration = option('--duration', 20);
/**
 * V8's old-space limit of the backend in MiB (--max-old-space-size), as a container's memory limit
 * would set it; default none. The peer's uncached report is then left out: its cache would not fit.
 */
const heapLimit = option('--heap-limit', 0);
const rounds = option('--rounds', 2);
const profile = args.includes('--profile');
/** A sampling heap profile instead: what the backend holds when it stops (bench-results/). */
const heapProfile = args.includes('--heap-profile');
const fresh = args.includes('--fresh');
const yarnJs = path.join(ROOT, '.yarn/releases/yarn-4.13.0.cjs');

const log = message =>
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
const run = (command, commandArgs, cwd) =>
  execFileSync(command, commandArgs, {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, CI: 'true' },
  }).toString();

/** The files of this clone as they are now (tracked and new, not ignored). */
function sourceFiles() {
  return run(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    ROOT,
  )
    .split('\0')
    .filter(file => file && fs.existsSync(path.join(ROOT, file)));
}

/** Every folder named `name` under a node_modules folder, relative to `root`. */
function packageDirs(root, name) {
  const found = [];
  const visit = dir => {
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (!entry.isDirectory()) continue;
      const full = path.join(dir, entry.name);
      if (entry.name === name) found.push(path.relative(root, full));
      const nested = path.join(full, 'node_modules');
      if (fs.existsSync(nested)) visit(nested);
      if (entry.name.startsWith('@')) visit(full);
    }
  };
  visit(path.join(root, 'node_modules'));
  return found;
}

/**
 * The throw-away copy with the peer added, made once per yarn.lock: a copy of this clone with its
 * node_modules, `yarn workspace backend add <peer>` in it, the native build/ folders that the
 * offline rebuild could not make copied from this clone, and the peer's plugin in the backend.
 */
function preparedCopy() {
  const key = crypto
    .createHash('sha256')
    .update(fs.readFileSync(path.join(ROOT, 'yarn.lock')))
    .update(`${PEER} ${RECIPE}`)
    .digest('hex')
    .slice(0, 12);
  const copy = path.join(os.tmpdir(), `finops-bench-peer-${key}`);
  const done = path.join(copy, '.bench-peer-ready');
  if (fresh) fs.rmSync(copy, { recursive: true, force: true });
  if (!fs.existsSync(done)) {
    fs.rmSync(copy, { recursive: true, force: true });
    fs.mkdirSync(copy, { recursive: true });
    log(`copying this clone and its node_modules to ${copy}`);
    const files = sourceFiles();
    fs.writeFileSync(path.join(copy, '.files'), files.join('\n'));
    execFileSync(
      'bash',
      [
        '-c',
        `tar -C "$1" -cf - node_modules -T "$2" | tar -C "$3" -xf -`,
        'copy',
        ROOT,
        path.join(copy, '.files'),
        copy,
      ],
      { stdio: 'inherit' },
    );
    log(`adding ${PEER} to the copy's backend (a few minutes)`);
    try {
      run(
        process.execPath,
        [yarnJs, 'workspace', 'backend', 'add', PEER],
        copy,
      );
    } catch (error) {
      // The native rebuilds fail offline (no headers); everything else is installed.
      const output = `${error.stdout ?? ''}${error.stderr ?? ''}`;
      if (!/build failed|couldn't be built/i.test(output)) {
        throw new Error(`yarn add failed:\n${output.slice(-4000)}`);
      }
    }
    for (const name of NATIVE) {
      for (const dir of packageDirs(ROOT, name)) {
        const from = path.join(ROOT, dir, 'build');
        const to = path.join(copy, dir, 'build');
        if (fs.existsSync(from) && fs.existsSync(path.join(copy, dir))) {
          fs.rmSync(to, { recursive: true, force: true });
          fs.cpSync(from, to, { recursive: true });
        }
      }
    }
    fs.writeFileSync(done, new Date().toISOString());
  } else {
    log(`reusing the copy in ${copy}`);
  }
  // This clone's sources as they are now; the backend's package.json keeps the peer.
  for (const file of sourceFiles()) {
    if (file === 'packages/backend/package.json' || file === 'yarn.lock') {
      continue;
    }
    const target = path.join(copy, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(path.join(ROOT, file), target);
  }
  const index = path.join(copy, 'packages/backend/src/index.ts');
  const source = fs.readFileSync(index, 'utf8');
  const line = `  backend.add(import('${PEER.replace(/@[^@]*$/, '')}'));\n`;
  fs.writeFileSync(
    index,
    source.replace(/(\n\s*await backend\.start\(\);)/, `\n${line}$1`),
  );
  return copy;
}

/** The first month of a month `offset` months from the current one (UTC), `YYYY-MM`. */
const month = offset => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1))
    .toISOString()
    .slice(0, 7);
};

/** The config of the copy's backend: its own port and database, the demo, the peer's mock. */
function writeConfig(copy, work) {
  const url = new URL(
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES18_CONNECTION_STRING ?? '',
  );
  if (!url.host) {
    throw new Error('run it through scripts/with-postgres.mjs (bench:peer)');
  }
  // A small category mapping of our own: the peer's default is a URL it cannot reach here.
  const mappings = path.join(work, 'category-mappings.json');
  fs.writeFileSync(
    mappings,
    JSON.stringify({
      Compute: { aws: ['EC2', 'Lambda'], azure: ['Virtual Machines'] },
      Storage: { aws: ['S3'], azure: ['Storage'] },
      Database: { aws: ['RDS'], azure: ['SQL Database'] },
    }),
  );
  const config = {
    app: { baseUrl: `http://localhost:${PORT}` },
    backend: {
      ...benchBackendConfig(PORT, url),
      infraWallet: {
        integrations: { mock: [{ name: 'demo-mock-data' }] },
        categoryMappings: { type: 'file', target: mappings },
      },
    },
    // No scheduled run: the command starts one once the catalog has the demo's components.
    finops: { ingestion: benchIngestionConfig() },
  };
  const file = path.join(work, 'app-config.bench-peer.json');
  fs.writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

/** Starts the copy's backend; its resident memory is sampled every 200 ms until it stops. */
function startBackend(copy, work, configFile, { cpuProfile }) {
  const logFile = path.join(work, 'backend.log');
  const backend = spawn(
    process.execPath,
    [
      ...(cpuProfile ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfile}`] : []),
      ...(heapProfile
        ? ['--heap-prof', `--heap-prof-dir=${path.join(work, 'heap')}`]
        : []),
      ...(heapLimit ? [`--max-old-space-size=${heapLimit}`] : []),
      '--require',
      path.join(copy, 'node_modules/@backstage/cli/config/nodeTransform.cjs'),
      'src/index.ts',
      '--config',
      path.join(copy, 'app-config.yaml'),
      '--config',
      configFile,
    ],
    {
      cwd: path.join(copy, 'packages/backend'),
      stdio: ['ignore', fs.openSync(logFile, 'w'), fs.openSync(logFile, 'a')],
      env: { ...process.env, NODE_ENV: 'development' },
    },
  );
  /** Bytes: the last sample, the largest of the whole run and of the current phase. */
  const memory = { current: 0, max: 0, phaseMax: 0, samples: 0, perSecond: [] };
  const sample = () => {
    try {
      const status = fs.readFileSync(`/proc/${backend.pid}/status`, 'utf8');
      const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      memory.current = kib * 1024;
      memory.max = Math.max(memory.max, memory.current);
      memory.phaseMax = Math.max(memory.phaseMax, memory.current);
      memory.samples += 1;
      if (memory.samples % 5 === 0) memory.perSecond.push(mib(memory.current));
    } catch {
      // not started yet, or gone
    }
  };
  const timer = setInterval(sample, 200);
  const exited = new Promise(resolve => backend.on('exit', resolve));
  return {
    backend,
    memory,
    logFile,
    exited,
    async stop() {
      clearInterval(timer);
      if (backend.exitCode === null) {
        backend.kill('SIGINT');
        const timeout = setTimeout(() => backend.kill('SIGKILL'), 30_000);
        await exited;
        clearTimeout(timeout);
      }
    },
  };
}

/** CPU seconds the process has used (user + system), from /proc. */
function cpuSeconds(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1];
  const [utime, stime] = fields.split(' ').slice(11, 13).map(Number);
  return (utime + stime) / 100;
}

/**
 * Waits (30 s at most) until the backend is quiet: under 5 % of a core over half a second. The
 * peer keeps computing uncached reports for a while after their clients went away.
 */
async function settle(pid) {
  const until = Date.now() + 30_000;
  let before = cpuSeconds(pid);
  while (Date.now() < until) {
    await new Promise(resolve => setTimeout(resolve, 500));
    const now = cpuSeconds(pid);
    if (now - before < 0.025) return;
    before = now;
  }
}

/**
 * Waits until the backend signs the guest in and its catalog has the demo's component, starts an
 * ingestion run of the demo then, and waits until both routes answer with data.
 */
async function waitUntilReady(started, targets) {
  const deadline = Date.now() + 10 * 60_000;
  let token = '';
  let runStarted = false;
  let runId;
  let missing = '';
  let said = Date.now();
  for (;;) {
    if (Date.now() > deadline) {
      throw new Error(
        `not ready in 10 minutes (${missing}); see ${started.logFile}`,
      );
    }
    if (started.backend.exitCode !== null) {
      throw new Error(
        `the backend exited (${started.backend.exitCode}); see ${started.logFile}`,
      );
    }
    if (Date.now() - said > 30_000) {
      log(`still waiting: ${missing}`);
      said = Date.now();
    }
    await new Promise(resolve => setTimeout(resolve, 2000));
    try {
      if (!token) {
        missing = 'the guest sign-in';
        const refresh = await guestRefresh(BASE);
        if (!refresh.ok) continue;
        token = (await refresh.json()).backstageIdentity.token;
      }
      const headers = { authorization: `Bearer ${token}` };
      if (!runStarted) {
        missing = `${COMPONENT} in the catalog`;
        const [kind, rest] = COMPONENT.split(':');
        const entity = await fetch(
          `${BASE}/api/catalog/entities/by-name/${kind}/${rest}`,
          { headers },
        );
        if (!entity.ok) continue;
        missing = 'an ingestion run to start';
        const run = await fetch(`${BASE}/api/finops/ingestion/runs`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: '{}',
        });
        if (run.status === 403) {
          // Signed in before the catalog had the guest's groups: sign in again.
          token = '';
          continue;
        }
        if (!run.ok) continue;
        runStarted = true;
        runId = (await run.json()).runId;
        log(`the catalog is read; the demo is being loaded (run ${runId})`);
      }
      // The whole demo loaded: a run still loading would change the data under the load.
      missing = `ingestion run ${runId} to finish`;
      const status = await fetch(`${BASE}/api/finops/ingestion/runs/${runId}`, {
        headers,
      });
      if (!status.ok) continue;
      const { status: runStatus } = await status.json();
      if (runStatus === 'running') continue;
      if (runStatus !== 'succeeded') {
        throw new Error(
          `ingestion run ${runId} ${runStatus}; see ${started.logFile}`,
        );
      }
      const answers = await Promise.all(
        targets.map(async target => {
          const response = await fetch(`${BASE}${target.path(0)}`, {
            headers,
          });
          if (!response.ok) return false;
          const text = await response.text();
          target.bytes = Buffer.byteLength(text);
          return target.hasData(JSON.parse(text));
        }),
      );
      missing = `data from ${targets
        .filter((_, i) => !answers[i])
        .map(t => t.key)
        .join(', ')}`;
      if (answers.every(Boolean)) return token;
    } catch (error) {
      missing = `the backend (${error.message})`;
    }
  }
}

/** The three routes measured: ours, and the peer's report cached and not. */
function targetsOf() {
  const from = month(-11);
  const to = month(0);
  const ours = `/api/finops/costs?${new URLSearchParams({
    entityRef: COMPONENT,
    view: 'actual',
    from,
    to,
    granularity: 'month',
    groupBy: 'product',
  })}`;
  // The peer's frontend, default view: the last 3 months, monthly.
  const now = new Date();
  const startTime = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 2, 1);
  const endTime = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1) - 1;
  const report = end =>
    `/api/infrawallet/reports?granularity=monthly&groups=&filters=&tags=()&startTime=${startTime}&endTime=${end}`;
  return [
    {
      key: 'ours',
      name: 'ours: entity costs, 12 months by product',
      path: () => ours,
      hasData: body => body.rows?.length > 0,
    },
    {
      key: 'peerCached',
      name: 'peer: cached report, 3 months',
      path: () => report(endTime),
      hasData: body => body.data?.length > 0,
    },
    {
      key: 'peerUncached',
      name: 'peer: uncached report (another endTime each time)',
      // A different URL each request: the peer caches answers per URL.
      path: n => report(endTime - 1 - n),
      hasData: body => body.data?.length > 0,
    },
  ];
}

/** One load: `connections` for `seconds`; every response's latency (ms) and status. */
async function load(target, token, connections, seconds) {
  let n = 0;
  const latencies = [];
  let failed = 0;
  const instance = autocannon({
    url: BASE,
    connections,
    duration: seconds,
    headers: { authorization: `Bearer ${token}` },
    requests: [
      {
        setupRequest: request => ({ ...request, path: target.path(n++) }),
      },
    ],
  });
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    else failed += 1;
  });
  const result = await instance;
  return {
    latencies,
    failed: failed + result.errors + result.timeouts,
    seconds: result.duration,
  };
}

const percentile = (sorted, p) =>
  sorted.length === 0
    ? NaN
    : sorted[
        Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
      ];
const round = (value, digits = 1) => Number(value.toFixed(digits));
const mib = bytes => Math.round(bytes / 1024 / 1024);

function summary(runs) {
  const latencies = runs.flatMap(r => r.latencies).sort((a, b) => a - b);
  const seconds = runs.reduce((sum, r) => sum + r.seconds, 0);
  return {
    requests: latencies.length,
    failed: runs.reduce((sum, r) => sum + r.failed, 0),
    requestsPerSecond: round(latencies.length / seconds),
    p50: round(percentile(latencies, 50), 2),
    p95: round(percentile(latencies, 95), 2),
    p99: round(percentile(latencies, 99), 2),
  };
}

/**
 * Where the backend's CPU time went, from a .cpuprofile: self time by what the code is (the
 * package or part of the backend a frame belongs to), and the time under a few functions of the
 * request path (inclusive: a sample counts for each of them on its stack).
 */
function summariseProfile(file, window) {
  const { nodes, samples, timeDeltas, startTime } = JSON.parse(
    fs.readFileSync(file),
  );
  const byId = new Map(nodes.map(node => [node.id, node]));
  const parent = new Map();
  for (const node of nodes) {
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const categoryOf = ({ url, functionName }) => {
    if (!url) {
      if (functionName === '(idle)') return 'idle';
      if (functionName === '(garbage collector)') return 'garbage collection';
      if (functionName === '(program)') return 'V8 / native (program)';
      if (/stringify|parse/i.test(functionName)) return 'JSON (native)';
      return `native: ${functionName || '(anonymous)'}`;
    }
    const rules = [
      [
        /finops-backend\/src\/costs\/resolveApplications/,
        'ours: resolveApplications',
      ],
      [/finops-backend\/src\/costs\//, 'ours: cost store (JS around SQL)'],
      [/finops-backend\/src\/service\//, 'ours: routes and service layer'],
      [/finops-backend\/src\/pricing\//, 'ours: pricing store'],
      [/finops-backend\/src\//, 'ours: other'],
      [/finops-common\//, 'ours: finops-common (cents, decimals)'],
      [/infrawallet/, 'peer (InfraWallet)'],
      [/node_modules\/(jose|jsonwebtoken)\//, 'auth: JWT verification (jose)'],
      [
        /plugin-auth-node|auth\/|httpAuth|DefaultAuthService|tokens/i,
        'auth: Backstage auth services',
      ],
      [/plugin-permission/, 'permissions'],
      [/catalog-client|plugin-catalog-node/, 'catalog client'],
      [/node_modules\/(pg|pg-protocol|pg-pool|pg-types)\//, 'SQL: pg driver'],
      [/node_modules\/knex\//, 'SQL: knex'],
      [/node_modules\/(decimal\.js)\//, 'decimal.js'],
      [
        /node_modules\/(winston|logform|triple-beam|readable-stream|@colors)/,
        'logging (winston)',
      ],
      [
        /node_modules\/(express|router|body-parser|express-promise-router|finalhandler|send|serve-static|cookie|on-finished|qs|content-type|raw-body)\//,
        'HTTP: express',
      ],
      [
        /node_modules\/(helmet|cors|compression|morgan)\//,
        'HTTP: middleware (helmet, cors, compression, morgan)',
      ],
      [/node_modules\/zod\//, 'validation (zod)'],
      [/backend-defaults/, 'Backstage backend-defaults (other)'],
      [/^node:|^internal\//, 'Node.js core (http, net, streams, timers)'],
      [/node_modules\//, 'other packages'],
    ];
    for (const [pattern, name] of rules) if (pattern.test(url)) return name;
    return 'other';
  };
  const inclusive = [
    [
      'HTTP auth (httpAuth.credentials, token verification)',
      /^(credentials|authenticate|verifyToken|jwtVerify)$/,
    ],
    ['our GET /costs handler', /finops-backend\/src\/service\/routes\/costs/],
    ['resolveApplications (catalog lookup + SQL)', /resolveApplications/],
    ['getCosts (SQL + cents)', /DatabaseCostStore.*getCosts|getCosts$/],
    ['res.json (serialisation)', /^json$/],
    ['JSON.stringify', /^stringify$/],
    ['logging', /winston|logform/],
  ];
  const self = new Map();
  const under = new Map();
  const ours = new Map();
  let idle = 0;
  let total = 0;
  let busy = 0;
  // Only the samples taken while the load ran (V8's clock and hrtime are both monotonic, in µs).
  let at = startTime;
  samples.forEach((id, i) => {
    at += timeDeltas[i] ?? 0;
    if (at < window.from || at > window.to) return;
    const dt = (timeDeltas[i] ?? 0) / 1000;
    total += dt;
    const leaf = byId.get(id);
    const category = categoryOf(leaf.callFrame);
    if (category === 'idle') {
      idle += dt;
      return;
    }
    self.set(category, (self.get(category) ?? 0) + dt);
    busy += dt;
    // The nearest function of ours on the stack: which of our steps caused the work.
    let mine = '(none of ours on the stack: HTTP, auth, driver callbacks, GC)';
    for (let frame = id; frame !== undefined; frame = parent.get(frame)) {
      const { functionName, url } = byId.get(frame).callFrame;
      if (/\/plugins\/finops/.test(url) && !/node_modules/.test(url)) {
        mine = `${functionName || '(anonymous)'} (${path.basename(url)})`;
        break;
      }
    }
    ours.set(mine, (ours.get(mine) ?? 0) + dt);
    const seen = new Set();
    for (let frame = id; frame !== undefined; frame = parent.get(frame)) {
      const { functionName, url } = byId.get(frame).callFrame;
      for (const [name, pattern] of inclusive) {
        if (
          !seen.has(name) &&
          (pattern.test(functionName) || pattern.test(`${url} ${functionName}`))
        ) {
          seen.add(name);
          under.set(name, (under.get(name) ?? 0) + dt);
        }
      }
    }
  });
  const rows = map =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([name, ms]) => ({
        name,
        ms: Math.round(ms),
        share: `${((100 * ms) / (busy || 1)).toFixed(1)} %`,
      }));
  return {
    totalMs: Math.round(total),
    busyMs: Math.round(busy),
    idleMs: Math.round(idle),
    self: rows(self),
    inclusive: rows(under),
    nearestOfOurs: rows(ours),
  };
}

async function main() {
  const copy = preparedCopy();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'finops-bench-peer-run-'));
  const configFile = writeConfig(copy, work);
  const targets = targetsOf().filter(
    t => !heapLimit || t.key !== 'peerUncached',
  );
  const cpuProfile = profile ? path.join(work, 'profile') : undefined;
  log(`starting the copy's backend on port ${PORT} (log: ${work}/backend.log)`);
  const started = startBackend(copy, work, configFile, { cpuProfile });
  const phases = [];
  const profileWindow = { from: 0, to: 0 };
  let rssBeforePeerUncached = 0;
  let results;
  try {
    const token = await waitUntilReady(started, targets);
    log(
      `ready (RSS ${mib(started.memory.current)} MiB, max so far ${mib(
        started.memory.max,
      )} MiB); warming up`,
    );
    // The peer's uncached report is warmed up just before its own phases.
    for (const target of targets.slice(0, profile ? 1 : 2)) {
      await load(target, token, 10, 3);
    }
    const runs = Object.fromEntries(
      targets.map(t => [t.key, { ten: [], one: [] }]),
    );
    const measure = async (target, connections, seconds) => {
      await settle(started.backend.pid);
      const before = os.loadavg()[0];
      started.memory.phaseMax = started.memory.current;
      const result = await load(target, token, connections, seconds);
      phases.push({
        target: target.key,
        connections,
        requestsPerSecond: round(result.latencies.length / result.seconds),
        failed: result.failed,
        loadAverage: [round(before, 2), round(os.loadavg()[0], 2)],
        rssMaxMiB: mib(started.memory.phaseMax),
      });
      log(
        `${target.name}, ${connections} conn.: ${
          phases.at(-1).requestsPerSecond
        } req/s, ` +
          `RSS max ${phases.at(-1).rssMaxMiB} MiB, load ${phases
            .at(-1)
            .loadAverage.join(' → ')}`,
      );
      return result;
    };
    if (profile || heapProfile) {
      // Our route alone, so that the profile is of its requests.
      profileWindow.from = Number(process.hrtime.bigint() / 1000n);
      await measure(targets[0], 10, duration);
      profileWindow.to = Number(process.hrtime.bigint() / 1000n);
    } else {
      // Ours and the peer's cached report alternate, round after round; the peer's uncached
      // report comes after them: it fills the peer's cache (an unbounded map, entries kept 2 h)
      // and so the process's memory, which would be counted against every phase after it.
      const rounded = async group => {
        for (let r = 0; r < rounds; r += 1) {
          for (const target of group) {
            runs[target.key].ten.push(await measure(target, 10, duration));
          }
          for (const target of group) {
            runs[target.key].one.push(
              await measure(target, 1, Math.max(5, duration / 2)),
            );
          }
        }
      };
      const byKey = Object.fromEntries(targets.map(t => [t.key, t]));
      await rounded([byKey.ours, byKey.peerCached]);
      rssBeforePeerUncached = started.memory.max;
      if (!heapLimit) {
        await load(byKey.peerUncached, token, 10, 3);
        await rounded([byKey.peerUncached]);
      }
      results = Object.fromEntries(
        targets.map(t => [
          t.key,
          {
            name: t.name,
            path: t.path(0),
            responseBytes: t.bytes,
            tenConnections: summary(runs[t.key].ten),
            oneConnection: summary(runs[t.key].one),
          },
        ]),
      );
    }
  } finally {
    await started.stop();
  }
  // From the backend's start to its stop: start-up, the demo's load, warm-up and every phase.
  const rssMaxMiB = mib(started.memory.max);
  const loadAverages = phases.flatMap(p => p.loadAverage);
  const output = {
    at: new Date().toISOString(),
    peer: PEER,
    machine: {
      cpus: os.cpus().length,
      memoryGiB: round(os.totalmem() / 2 ** 30),
    },
    durationSeconds: duration,
    heapLimitMiB: heapLimit || null,
    rounds,
    loadAverage: {
      min: Math.min(...loadAverages),
      max: Math.max(...loadAverages),
    },
    rssMaxMiB,
    rssUnder1GB: started.memory.max < 1e9,
    /** From the start to the end of the last phase of ours (before the peer's uncached report). */
    rssMaxWithOursMiB: mib(rssBeforePeerUncached),
    rssWithOursUnder1GB: rssBeforePeerUncached < 1e9,
    rssSamples: started.memory.samples,
    rssPerSecondMiB: started.memory.perSecond,
    phases,
  };
  fs.mkdirSync(path.join(ROOT, 'bench-results'), { recursive: true });
  if (heapProfile) {
    const dir = path.join(work, 'heap');
    const [file] = fs.readdirSync(dir).map(name => path.join(dir, name));
    const target = path.join(ROOT, 'bench-results/peer-heap.heapprofile');
    fs.copyFileSync(file, target);
    // Live bytes (sampled) by the function that allocated them, and by its file.
    const bySite = new Map();
    const visit = node => {
      const { functionName, url, lineNumber } = node.callFrame;
      const site = `${functionName || '(anonymous)'} ${url.replace(
        /.*node_modules\//,
        '',
      )}:${lineNumber + 1}`;
      bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
      for (const child of node.children) visit(child);
    };
    visit(JSON.parse(fs.readFileSync(target)).head);
    console.log(
      '\nlive memory when the backend stopped, by allocating function (sampled):',
    );
    for (const [site, bytes] of [...bySite]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 30)) {
      console.log(`  ${String(mib(bytes)).padStart(6)} MiB  ${site}`);
    }
    console.log(`\nheap profile: ${target}`);
    return;
  }
  if (profile) {
    const [file] = fs
      .readdirSync(cpuProfile)
      .map(name => path.join(cpuProfile, name))
      .sort((a, b) => fs.statSync(b).size - fs.statSync(a).size);
    const target = path.join(ROOT, 'bench-results/peer-profile.cpuprofile');
    fs.copyFileSync(file, target);
    const summaryOut = {
      ...output,
      profile: summariseProfile(target, profileWindow),
    };
    fs.writeFileSync(
      path.join(ROOT, 'bench-results/peer-profile.json'),
      JSON.stringify(summaryOut, null, 2),
    );
    const { self, inclusive, busyMs } = summaryOut.profile;
    console.log(
      `\nCPU profile of our route under 10 connections: ${busyMs} ms busy`,
    );
    console.log('\nself time by part of the backend:');
    for (const row of self.slice(0, 25)) {
      console.log(
        `  ${row.name.padEnd(58)} ${String(row.ms).padStart(7)} ms  ${
          row.share
        }`,
      );
    }
    console.log('\nby the nearest function of ours on the stack:');
    for (const row of summaryOut.profile.nearestOfOurs.slice(0, 15)) {
      console.log(
        `  ${row.name.padEnd(58)} ${String(row.ms).padStart(7)} ms  ${
          row.share
        }`,
      );
    }
    console.log('\ninclusive time under functions of the request path:');
    for (const row of inclusive) {
      console.log(
        `  ${row.name.padEnd(58)} ${String(row.ms).padStart(7)} ms  ${
          row.share
        }`,
      );
    }
    console.log(
      `\nprofile: ${target} (open in Chrome DevTools); summary: bench-results/peer-profile.json`,
    );
    return;
  }
  Object.assign(output, {
    results,
    ratio: {
      oursOverPeerCachedAt10: round(
        results.ours.tenConnections.requestsPerSecond /
          results.peerCached.tenConnections.requestsPerSecond,
        2,
      ),
      oursOverPeerUncachedAt10: results.peerUncached
        ? round(
            results.ours.tenConnections.requestsPerSecond /
              results.peerUncached.tenConnections.requestsPerSecond,
            2,
          )
        : null,
      p50AtOneOursMinusPeerCachedMs: round(
        results.ours.oneConnection.p50 - results.peerCached.oneConnection.p50,
        2,
      ),
    },
  });
  output.targetMet =
    output.ratio.oursOverPeerCachedAt10 >= 2 &&
    results.ours.oneConnection.p50 < results.peerCached.oneConnection.p50 &&
    output.rssUnder1GB;
  fs.writeFileSync(
    path.join(ROOT, 'bench-results/peer.json'),
    JSON.stringify(output, null, 2),
  );
  const cell = (value, width) => String(value).padStart(width);
  console.log(
    `\n${'route'.padEnd(52)}${cell('10 conn. req/s', 15)}${cell(
      'p50',
      8,
    )}${cell('p95', 8)}` +
      `${cell('1 conn. req/s', 15)}${cell('p50', 8)}${cell('p95', 8)}${cell(
        'failed',
        8,
      )}`,
  );
  for (const target of targets) {
    const {
      name,
      tenConnections: ten,
      oneConnection: one,
    } = results[target.key];
    console.log(
      `${name.padEnd(52)}${cell(ten.requestsPerSecond, 15)}${cell(
        ten.p50,
        8,
      )}${cell(ten.p95, 8)}` +
        `${cell(one.requestsPerSecond, 15)}${cell(one.p50, 8)}${cell(
          one.p95,
          8,
        )}${cell(ten.failed + one.failed, 8)}`,
    );
  }
  console.log(
    `\nours / peer cached at 10 connections: ×${output.ratio.oursOverPeerCachedAt10} (target ≥ ×2); ` +
      (output.ratio.oursOverPeerUncachedAt10 === null
        ? `the peer's uncached report left out (--heap-limit ${heapLimit})`
        : `ours / peer uncached: ×${output.ratio.oursOverPeerUncachedAt10}`),
  );
  console.log(
    `p50 at one connection: ours ${results.ours.oneConnection.p50} ms, peer cached ${results.peerCached.oneConnection.p50} ms (target: ours lower)`,
  );
  console.log(
    `backend RSS max ${rssMaxMiB} MiB (target < 1 GB), ${output.rssMaxWithOursMiB} MiB up to the end of our last phase; load average ${output.loadAverage.min}–${output.loadAverage.max} ` +
      `on ${output.machine.cpus} cores; ${
        output.targetMet ? 'target met' : 'target NOT met'
      }`,
  );
  console.log('bench-results/peer.json written');
}

if (args.includes('--prepare-only')) {
  console.log(preparedCopy());
} else {
  await main();
}
