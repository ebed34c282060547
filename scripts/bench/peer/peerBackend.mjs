// The copy's backend (bench:peer): its config, its start and stop, and waiting until it is ready.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  benchBackendConfig,
  benchIngestionConfig,
  guestRefresh,
} from '../../../plugins/finops-backend/bench/benchBackend.mjs';
import {
  BASE,
  COMPONENT,
  PORT,
  development,
  heapLimit,
  heapProfile,
  log,
} from './options.mjs';
import { mib } from './stats.mjs';

/** The config of the copy's backend: its own port and database, the demo, the peer's mock. */
export function writeConfig(copy, work) {
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
    // The guest signs the benchmark in; outside development only when allowed.
    auth: {
      providers: { guest: { dangerouslyAllowOutsideDevelopment: true } },
    },
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

/**
 * Starts the copy's backend: from `backendDir` (the production build) with NODE_ENV=production,
 * or with --development from the copy's sources. Its resident memory is sampled every 200 ms
 * until it stops.
 */
export function startBackend(
  copy,
  work,
  configFile,
  { cpuProfile, backendDir },
) {
  const logFile = path.join(work, 'backend.log');
  const entry = development
    ? [
        '--require',
        path.join(copy, 'node_modules/@backstage/cli/config/nodeTransform.cjs'),
        'src/index.ts',
      ]
    : ['.'];
  const backend = spawn(
    process.execPath,
    [
      ...(cpuProfile ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfile}`] : []),
      ...(heapProfile
        ? ['--heap-prof', `--heap-prof-dir=${path.join(work, 'heap')}`]
        : []),
      ...(heapLimit ? [`--max-old-space-size=${heapLimit}`] : []),
      ...entry,
      '--config',
      path.join(
        development ? copy : path.dirname(path.dirname(backendDir)),
        'app-config.yaml',
      ),
      '--config',
      configFile,
    ],
    {
      cwd: development ? path.join(copy, 'packages/backend') : backendDir,
      stdio: ['ignore', fs.openSync(logFile, 'w'), fs.openSync(logFile, 'a')],
      env: {
        ...process.env,
        NODE_ENV: development ? 'development' : 'production',
      },
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
export async function settle(pid) {
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
export async function waitUntilReady(started, targets) {
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
