// The routes bench:peer measures, and one load of a route.
import autocannon from 'autocannon';
import { BASE, COMPONENT } from './options.mjs';

/** The first month of a month `offset` months from the current one (UTC), `YYYY-MM`. */
const month = offset => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1))
    .toISOString()
    .slice(0, 7);
};

/** The three routes measured: ours, and the peer's report cached and not. */
export function targetsOf() {
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
export async function load(target, token, connections, seconds) {
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
