// Our entity costs route against a peer's report route, in one backend process, in one run:
//   node .yarn/releases/yarn-4.13.0.cjs bench:peer [--duration <s, default 20>] [--rounds <n, default 2>]
//                                                 [--profile | --heap-profile] [--fresh]
//                                                 [--development] [--heap-limit <MiB>]
// The peer is InfraWallet (@electrolux-oss/plugin-infrawallet-backend@1.2.0). It is added to a
// throw-away copy of this installed clone in the system's temporary folder, never to the product:
// the copy is made once per yarn.lock (kept under the temporary folder; --fresh makes it again) and
// this clone's sources are copied into it on every run, so it measures the code as it is now.
// README (Development) says what each figure means.
//
// The copy's backend is the production build (yarn build:backend, the skeleton's production
// install, the bundle, NODE_ENV=production: bench/peer/productionBuild.mjs), or with --development
// the copy's sources transpiled on the fly.
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
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  PEER,
  PORT,
  ROOT,
  args,
  development,
  duration,
  heapLimit,
  heapProfile,
  profile,
  rounds,
  log,
} from './bench/peer/options.mjs';
import {
  settle,
  startBackend,
  waitUntilReady,
  writeConfig,
} from './bench/peer/peerBackend.mjs';
import { preparedCopy } from './bench/peer/preparedCopy.mjs';
import { productionBackend } from './bench/peer/productionBuild.mjs';
import {
  reportCpuProfile,
  reportHeapProfile,
  reportResults,
} from './bench/peer/reports.mjs';
import { mib, round, summary } from './bench/peer/stats.mjs';
import { load, targetsOf } from './bench/peer/targets.mjs';

async function main() {
  const copy = preparedCopy();
  const backendDir = development ? undefined : productionBackend(copy);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'finops-bench-peer-run-'));
  const configFile = writeConfig(copy, work);
  const targets = targetsOf().filter(
    t => !heapLimit || t.key !== 'peerUncached',
  );
  const cpuProfile = profile ? path.join(work, 'profile') : undefined;
  log(`starting the copy's backend on port ${PORT} (log: ${work}/backend.log)`);
  const started = startBackend(copy, work, configFile, {
    cpuProfile,
    backendDir,
  });
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
    backend: development
      ? 'from source, NODE_ENV=development'
      : 'production build, NODE_ENV=production',
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
    reportHeapProfile(work);
    return;
  }
  if (profile) {
    reportCpuProfile(output, cpuProfile, profileWindow);
    return;
  }
  reportResults(output, results, targets, rssMaxMiB);
}

if (args.includes('--prepare-only')) {
  console.log(preparedCopy());
} else {
  await main();
}
