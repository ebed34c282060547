// Latency of the entity cost endpoint, measured over HTTP against a running backend
// (`npm start`, after the first ingestion run has loaded the demo):
//   node scripts/bench-api.mjs [requests per entity, default 100]
// Signs in as the guest, warms up, then times GET /api/finops/costs for a component, a system and
// a group, 12 months by domain, and prints p50 / p95 / p99 in milliseconds.
import { guestRefresh } from '../plugins/finops-backend/bench/benchBackend.mjs';

const BACKEND = process.env.FINOPS_BACKEND_URL ?? 'http://localhost:7007';
const perEntity = Number(process.argv[2] ?? 100);

const refresh = await guestRefresh(BACKEND);
if (!refresh.ok) {
  throw new Error(
    `guest sign-in failed: ${refresh.status} ${await refresh.text()}`,
  );
}
const { backstageIdentity } = await refresh.json();
const headers = { authorization: `Bearer ${backstageIdentity.token}` };

const now = new Date();
const month = offset => {
  const d = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1),
  );
  return d.toISOString().slice(0, 7);
};
const entities = [
  'component:default/cart-service',
  'system:default/payments',
  'group:default/engineering',
];
const url = entityRef =>
  `${BACKEND}/api/finops/costs?${new URLSearchParams({
    entityRef,
    from: month(-11),
    to: month(0),
    groupBy: 'domain',
  })}`;

async function time(entityRef) {
  const started = process.hrtime.bigint();
  const response = await fetch(url(entityRef), { headers });
  const body = await response.json();
  if (!response.ok)
    throw new Error(`${entityRef}: ${response.status} ${JSON.stringify(body)}`);
  return {
    ms: Number(process.hrtime.bigint() - started) / 1e6,
    total: body.total,
  };
}

for (const entityRef of entities) {
  for (let i = 0; i < 10; i += 1) await time(entityRef); // warm-up
}
const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const all = [];
for (const entityRef of entities) {
  const samples = [];
  let total;
  for (let i = 0; i < perEntity; i += 1) {
    const result = await time(entityRef);
    samples.push(result.ms);
    total = result.total;
  }
  samples.sort((a, b) => a - b);
  all.push(...samples);
  console.log(
    `${entityRef.padEnd(34)} total ${total.padStart(12)}  p50 ${percentile(
      samples,
      50,
    ).toFixed(1)} ms  p95 ${percentile(samples, 95).toFixed(
      1,
    )} ms  p99 ${percentile(samples, 99).toFixed(1)} ms`,
  );
}
all.sort((a, b) => a - b);
console.log(
  `all ${all.length} requests: p50 ${percentile(all, 50).toFixed(
    1,
  )} ms, p95 ${percentile(all, 95).toFixed(1)} ms`,
);
