// The checks of scripts/verify-production.sh against a backend started in production mode:
//   node scripts/verify-production.mjs <base url> <static token>
// It waits for the backend, then for the demo's ingestion run, and checks the costs API and the
// bodies of error answers. Prints one line per check; exits 1 on the first that fails.
//   node scripts/verify-production.mjs <base url> <static token> database-down
// checks instead that, with the database stopped, a read is a 503 naming no host, port or stack.
const [baseUrl, token, phase] = process.argv.slice(2);
const api = `${baseUrl}/api/finops`;
const headers = { Authorization: `Bearer ${token}` };
const started = Date.now();

function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) process.exit(1);
}

async function until(what, seconds, probe) {
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() - started > seconds * 1000)
      check(false, `${what} within ${seconds} s`);
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
}

if (phase === 'database-down') {
  const response = await fetch(`${api}/overview?from=2026-01&to=2026-02`, {
    headers,
  });
  const text = await response.text();
  check(
    response.status === 503 &&
      !/\n\s+at |127\.0\.0\.1|ECONNREFUSED|postgres/i.test(text),
    `the database stopped: ${response.status} "${
      JSON.parse(text).error?.message
    }" naming no host, port or stack`,
  );
  process.exit(0);
}

const health = await until('the backend answers /health', 240, async () => {
  const response = await fetch(`${api}/health`);
  return response.ok ? response.json() : undefined;
});
check(
  Boolean(health.schemaVersion) && health.sources.includes('demo'),
  `migrated (${health.schemaVersion}), sources ${health.sources.join(', ')}`,
);

const run = await until('the demo ingestion run finishes', 300, async () => {
  const response = await fetch(`${api}/ingestion/runs`, { headers });
  const { items } = await response.json();
  return items?.find(r => r.status !== 'running');
});
check(
  run.status === 'succeeded' && run.rowsLoaded > 0,
  `ingested: run ${run.runId} ${run.status}, ${run.rowsLoaded} rows`,
);

// Last month: on the 1st, the current month has no loaded day yet.
const now = new Date();
const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1))
  .toISOString()
  .slice(0, 7);
const costs = await (
  await fetch(
    `${api}/costs?entityRef=component:default/cart-service&from=${month}&to=${month}`,
    { headers },
  )
).json();
check(
  Number(costs.total) > 0,
  `GET /costs of cart-service: ${costs.total} ${costs.currency}`,
);

/** An error answer: its status as expected, no stack, nothing of what was sent. */
async function expectBareError(what, response, status, sent) {
  const text = await response.text();
  const body = JSON.parse(text);
  check(
    response.status === status &&
      body.error?.stack === undefined &&
      !/\n\s+at /.test(text) &&
      !(sent && text.includes(sent)),
    `${what}: ${response.status} "${body.error?.message}" without a stack${
      sent ? ' or the body sent' : ''
    }`,
  );
}

await expectBareError(
  'a bad query',
  await fetch(`${api}/costs?entityRef=nope&from=2026-13&to=x`, { headers }),
  400,
);
await expectBareError(
  'an unknown run',
  await fetch(`${api}/ingestion/runs/999999`, { headers }),
  404,
);
const secret = '{"key": "x", "name": s3cr3t-in-the-body}';
await expectBareError(
  'a body that is not JSON',
  await fetch(`${api}/pricing-views`, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/json' },
    body: secret,
  }),
  400,
  's3cr3t',
);
await expectBareError(
  'no credentials',
  await fetch(
    `${api}/costs?entityRef=component:default/cart-service&from=${month}&to=${month}`,
  ),
  401,
);
console.log(
  `production path verified in ${Math.round((Date.now() - started) / 1000)} s`,
);
