// The options and constants of bench:peer (scripts/bench-peer.mjs), and its small helpers.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../..',
);
export const PEER = '@electrolux-oss/plugin-infrawallet-backend@1.2.0';
export const PORT = Number(process.env.FINOPS_BENCH_PEER_PORT ?? 7047);
export const BASE = `http://localhost:${PORT}`;
export const COMPONENT = 'component:default/cart-service';
/** Packages whose native rebuild fails offline; their build/ folders come from this clone. */
export const NATIVE = ['keytar', 'better-sqlite3', 'cpu-features'];
/** Bumped when the way the copy is made changes, so that an old cached copy is not reused. */
export const RECIPE = 1;

export const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
export const duration = option('--duration', 20);
/**
 * V8's old-space limit of the backend in MiB (--max-old-space-size), as a container's memory limit
 * would set it; default none. The peer's uncached report is then left out: its cache would not fit.
 */
export const heapLimit = option('--heap-limit', 0);
export const rounds = option('--rounds', 2);
export const profile = args.includes('--profile');
/** A sampling heap profile instead: what the backend holds when it stops (bench-results/). */
export const heapProfile = args.includes('--heap-profile');
export const fresh = args.includes('--fresh');
/**
 * The backend from source, transpiled on the fly (NODE_ENV=development, as `npm start` runs it),
 * instead of the production build (the bundle, NODE_ENV=production, as a deployment runs it).
 */
export const development = args.includes('--development');
export const yarnJs = path.join(ROOT, '.yarn/releases/yarn-4.13.0.cjs');

export const log = message =>
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
export const run = (command, commandArgs, cwd) =>
  execFileSync(command, commandArgs, {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, CI: 'true' },
  }).toString();
