// What the benchmarks that start a backend of their own share (bench:scale, bench:peer) and what
// every benchmark over HTTP does first (bench:api too): the backend's own port and database in
// its config, no scheduled batch run, and the guest's sign-in.

/**
 * The `backend:` section of a benchmark backend's config: it listens on `port` and keeps its
 * database in the PostgreSQL server of `databaseUrl` (a URL, its credentials URL-encoded).
 */
export function benchBackendConfig(port, databaseUrl) {
  return {
    baseUrl: `http://localhost:${port}`,
    listen: { port },
    database: {
      client: 'pg',
      connection: {
        host: databaseUrl.hostname,
        port: Number(databaseUrl.port),
        user: decodeURIComponent(databaseUrl.username),
        password: decodeURIComponent(databaseUrl.password),
      },
    },
  };
}

/**
 * The `finops.ingestion` section of a benchmark backend's config: no scheduled batch run while it
 * is measured (the benchmark loads the data itself, or starts the run it waits for).
 */
export function benchIngestionConfig() {
  return {
    schedule: {
      frequency: { hours: 24 },
      timeout: { hours: 1 },
      initialDelay: { hours: 24 },
    },
  };
}

/**
 * Signs in as the guest of the development backend at `base`: the refresh response, whose JSON
 * holds `backstageIdentity.token` when it is ok.
 */
export function guestRefresh(base) {
  return fetch(`${base}/api/auth/guest/refresh?env=development`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
}
