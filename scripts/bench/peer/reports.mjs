// What bench:peer prints and writes once its phases are done.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, heapLimit } from './options.mjs';
import { mib, round } from './stats.mjs';
import { summariseProfile } from './summariseProfile.mjs';

/** The package of a script's URL: `@scope/name` under node_modules, or a workspace folder. */
function packageOf(url) {
  const found =
    /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url) ??
    /\/((?:plugins|packages)\/[^/]+|migrations)\//.exec(url);
  return found?.[1];
}

/**
 * The sampling heap profile of the backend (--heap-profile): live memory by allocating function,
 * and by the package that asked for it (the outermost package on the stack below the backend's
 * own: a module's source and code are counted to the package that required it first).
 */
export function reportHeapProfile(work) {
  const dir = path.join(work, 'heap');
  const [file] = fs.readdirSync(dir).map(name => path.join(dir, name));
  const target = path.join(ROOT, 'bench-results/peer-heap.heapprofile');
  fs.copyFileSync(file, target);
  const bySite = new Map();
  const byPackage = new Map();
  const add = (map, key, bytes) => map.set(key, (map.get(key) ?? 0) + bytes);
  const visit = (node, outer) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const site = `${functionName || '(anonymous)'} ${url.replace(
      /.*node_modules\//,
      '',
    )}:${lineNumber + 1}`;
    const own = packageOf(url);
    const asker = outer ?? (own === 'packages/backend' ? undefined : own);
    add(bySite, site, node.selfSize);
    add(byPackage, asker ?? '(node, the backend itself)', node.selfSize);
    for (const child of node.children) visit(child, asker);
  };
  visit(JSON.parse(fs.readFileSync(target)).head, undefined);
  const print = (title, map, count) => {
    console.log(`\n${title}`);
    for (const [key, bytes] of [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)) {
      console.log(`  ${String(mib(bytes)).padStart(6)} MiB  ${key}`);
    }
  };
  print(
    'live memory when the backend stopped, by allocating function (sampled):',
    bySite,
    30,
  );
  print('the same, by the package that asked for it:', byPackage, 15);
  console.log(`\nheap profile: ${target}`);
}

/** The CPU profile of our route under load (--profile), summarised. */
export function reportCpuProfile(output, cpuProfile, profileWindow) {
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
      `  ${row.name.padEnd(58)} ${String(row.ms).padStart(7)} ms  ${row.share}`,
    );
  }
  console.log('\nby the nearest function of ours on the stack:');
  for (const row of summaryOut.profile.nearestOfOurs.slice(0, 15)) {
    console.log(
      `  ${row.name.padEnd(58)} ${String(row.ms).padStart(7)} ms  ${row.share}`,
    );
  }
  console.log('\ninclusive time under functions of the request path:');
  for (const row of inclusive) {
    console.log(
      `  ${row.name.padEnd(58)} ${String(row.ms).padStart(7)} ms  ${row.share}`,
    );
  }
  console.log(
    `\nprofile: ${target} (open in Chrome DevTools); summary: bench-results/peer-profile.json`,
  );
}

/** The figures of every route, with the ratios and targets: printed and in bench-results/peer.json. */
export function reportResults(output, results, targets, rssMaxMiB) {
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
    `backend (${output.backend}) RSS max ${rssMaxMiB} MiB (target < 1 GB), ${output.rssMaxWithOursMiB} MiB up to the end of our last phase; load average ${output.loadAverage.min}–${output.loadAverage.max} ` +
      `on ${output.machine.cpus} cores; ${
        output.targetMet ? 'target met' : 'target NOT met'
      }`,
  );
  console.log('bench-results/peer.json written');
}
