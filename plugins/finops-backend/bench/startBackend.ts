/*
 * The real backend (packages/backend, `backstage-cli package start`) on the benchmark's database,
 * with the estate's catalog and no scheduled batch run: started, and waited for until it answers.
 */
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { stringify as toYaml } from 'yaml';
import {
  benchBackendConfig,
  benchIngestionConfig,
  guestRefresh,
} from './benchBackend.mjs';
import { ScaleOptions } from './ScaleEstate';
import {
  componentsPerDivision,
  costsPath,
  divisionRef,
} from './scaleQuestions';
import { log } from './timing';

const ROOT = path.resolve(__dirname, '../../..');
const PORT = 7027;

export interface Backend {
  base: string;
  token: string;
  stop: () => void;
}

/** Starts the real backend on the benchmark's database, and waits for its catalog and costs. */
export async function startBackend(
  connection: string,
  catalogFile: string,
  months: string[],
  options: ScaleOptions,
): Promise<Backend> {
  await portIsFree(PORT);
  const config = {
    app: { baseUrl: 'http://localhost:3000' },
    backend: benchBackendConfig(PORT, new URL(connection)),
    catalog: {
      locations: [{ type: 'file', target: catalogFile }],
      processingInterval: { seconds: 600 },
    },
    finops: {
      ingestion: benchIngestionConfig(),
      sources: { demo: { enabled: false }, indirect: [] },
    },
  };
  const configFile = path.join(
    path.dirname(catalogFile),
    'app-config.bench.yaml',
  );
  fs.writeFileSync(configFile, toYaml(config));
  const backend: ChildProcess = spawn(
    process.execPath,
    [
      path.join(ROOT, '.yarn/releases/yarn-4.13.0.cjs'),
      'backstage-cli',
      'package',
      'start',
      '--config',
      path.join(ROOT, 'app-config.yaml'),
      '--config',
      configFile,
    ],
    {
      cwd: path.join(ROOT, 'packages/backend'),
      detached: true,
      stdio: [
        'ignore',
        fs.openSync(path.join(path.dirname(catalogFile), 'backend.log'), 'w'),
        'inherit',
      ],
      env: { ...process.env, NODE_ENV: 'development' },
    },
  );
  const base = `http://localhost:${PORT}`;
  const stop = () => {
    try {
      process.kill(-backend.pid!, 'SIGTERM');
    } catch {
      // gone already
    }
  };
  // The backend runs in its own process group: it goes with the benchmark, however that ends.
  process.once('exit', stop);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stop();
      process.exit(1);
    });
  }
  try {
    log('waiting for the backend and its catalog');
    let token = '';
    const groupUrl = `${base}${costsPath({
      entityRef: divisionRef(0),
      from: months[Math.max(0, months.length - 12)],
      to: months[months.length - 1],
      groupBy: 'component',
    })}`;
    const deadline = Date.now() + 15 * 60_000;
    for (;;) {
      if (Date.now() > deadline)
        throw new Error('the backend did not get ready in 15 minutes');
      if (backend.exitCode !== null)
        throw new Error(`the backend exited (${backend.exitCode})`);
      await new Promise(resolve => setTimeout(resolve, 2000));
      try {
        if (!token) {
          const refresh = await guestRefresh(base);
          if (!refresh.ok) continue;
          token = (await refresh.json()).backstageIdentity.token;
        }
        const response = await fetch(groupUrl, {
          headers: { authorization: `Bearer ${token}` },
        });
        if (!response.ok) continue;
        const body = await response.json();
        const components = new Set(
          body.rows.map((row: { key: string }) => row.key),
        );
        components.delete('unallocated');
        // And every component in the catalog, relations stitched.
        const catalog = await fetch(
          `${base}/api/catalog/entities/by-query?filter=kind=component,relations.ownedBy&limit=1`,
          { headers: { authorization: `Bearer ${token}` } },
        );
        const { totalItems } = catalog.ok
          ? await catalog.json()
          : { totalItems: 0 };
        if (
          components.size >= componentsPerDivision(options) &&
          totalItems >= options.applications
        ) {
          return { base, token, stop };
        }
      } catch {
        // not up yet
      }
    }
  } catch (error) {
    stop();
    throw error;
  }
}

/** Fails at once when another process (a backend left running?) listens on the port. */
function portIsFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', () =>
      reject(
        new Error(
          `port ${port} is in use: stop what listens on it (a backend left running?)`,
        ),
      ),
    );
    server.listen(port, () => server.close(() => resolve()));
  });
}
