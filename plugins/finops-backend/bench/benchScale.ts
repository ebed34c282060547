/*
 * The scale benchmark: a large deterministic estate loaded through the real batch, then served by
 * the real backend under load, at several sizes of history.
 *
 *   node .yarn/releases/yarn-4.13.0.cjs bench:scale            # full size: 24 months, ≈10 M rows
 *   node .yarn/releases/yarn-4.13.0.cjs bench:scale --smoke    # a small estate, in a minute or two
 *   options: --duration <seconds of load per endpoint, default 15> --no-http
 *            --scale 1m,3m,10m  ask the questions after loading about that many rows (months of
 *                               the same estate; default: half the months, then all)
 *            --months <n>       months of history (default 24; 72 make ≈30 M rows)
 *            --trace-sql        the SQL time of each load and reload, by statement
 *
 * It needs BACKSTAGE_TEST_DATABASE_POSTGRES18_CONNECTION_STRING (scripts/with-postgres.mjs sets it).
 * It prints a table and writes every figure to bench-results/scale-<size>.json.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import autocannon from 'autocannon';
import Decimal from 'decimal.js';
import knexFactory, { Knex } from 'knex';
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify as toYaml } from 'yaml';
import { DatabaseCostStore } from '../src/costs/DatabaseCostStore';
import { refreshPrices, resolvedPrices } from '../src/pricing/resolvedPrices';
import { migrateMart } from '../src/database/DatabaseMartStore';
import { IngestionRunner } from '../src/ingestion/IngestionRunner';
import {
  applicationFromEntity,
  syncApplications,
} from '../src/ingestion/operations/syncApplications';
import {
  FULL_SIZE,
  ScaleOptions,
  ScaleSource,
  componentName,
  divisionName,
  monthsBack,
  scaleCatalog,
} from './ScaleEstate';

const ROOT = path.resolve(__dirname, '../../..');
const args = process.argv.slice(2);
const smoke = args.includes('--smoke');
const http = !args.includes('--no-http');
const durationAt = args.indexOf('--duration');
const defaultDuration = smoke ? 5 : 15;
const duration =
  durationAt >= 0 ? Number(args[durationAt + 1]) : defaultDuration;
const PORT = 7027;
const DATABASE = 'backstage_plugin_finops';

const logger: LoggerService = {
  info: () => {},
  debug: () => {},
  warn: message => console.warn(message),
  error: message => console.error(message),
  child: () => logger,
};

const lastMonth = (() => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1))
    .toISOString()
    .slice(0, 7);
})();
const options: ScaleOptions = smoke
  ? {
      months: 4,
      lastMonth,
      applications: 100,
      divisions: 2,
      teamsPerDivision: 5,
      products: 60,
      productsPerApplication: 6,
    }
  : { ...FULL_SIZE, lastMonth };
const monthsAt = args.indexOf('--months');
if (monthsAt >= 0) options.months = Number(args[monthsAt + 1]);

/** The components of a division: the group question. */
const perDivision = Math.ceil(options.applications / options.divisions);
const divisionRef = stringifyEntityRef({
  kind: 'group',
  namespace: 'default',
  name: divisionName(0),
});

const seconds = (since: bigint) =>
  Number(process.hrtime.bigint() - since) / 1e9;
const log = (message: string) =>
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);

/**
 * Peak resident memory of this process while the batch runs in it (between `resume` and
 * `pause`), sampled every 100 ms.
 */
function memorySampler() {
  let peak = 0;
  let active = false;
  const timer = setInterval(() => {
    if (active) peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  return {
    resume: () => {
      active = true;
    },
    pause: () => {
      active = false;
    },
    peakMiB: () => Math.round(peak / 1024 / 1024),
    stop: () => clearInterval(timer),
  };
}

interface StepFigures {
  months: number;
  factRows: number;
  reloadSeconds: number;
  endpoints: Latency[];
}

/**
 * The sizes of history the questions are asked at, in months held: `--scale 1m,3m,10m` (rows) or
 * by default half the months and all of them. The last step holds every month.
 */
function scaleSteps(source: ScaleSource, months: string[]): number[] {
  const at = args.indexOf('--scale');
  if (at < 0) return [Math.ceil(months.length / 2), months.length];
  const targets = args[at + 1].split(',').map(value => {
    const match = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(value.trim());
    if (!match) throw new Error(`--scale: '${value}' is not a row count`);
    const unit = { '': 1, k: 1e3, m: 1e6 }[match[2].toLowerCase()]!;
    return Number(match[1]) * unit;
  });
  const steps = targets.map(target => {
    let rows = 0;
    let count = 0;
    while (count < months.length && rows < target) {
      rows += source.rowsIn(months[count]);
      count += 1;
    }
    return Math.max(1, count);
  });
  return [...new Set([...steps, months.length])].sort((a, b) => a - b);
}

async function freshDatabase(connection: string): Promise<Knex> {
  const admin = knexFactory({ client: 'pg', connection });
  await admin.raw(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin.raw(`CREATE DATABASE ${DATABASE}`);
  await admin.destroy();
  return knexFactory({
    client: 'pg',
    connection: `${connection}/${DATABASE}`,
    pool: { min: 1, max: 10 },
  });
}

/** A raw COPY of the same rows into an unindexed table: the physical limit of loading here. */
async function rawCopy(
  knex: Knex,
  source: ScaleSource,
  months: string[],
): Promise<{ rows: number; seconds: number }> {
  await knex.raw(`CREATE TABLE raw_copy (day date, domain text, product text, app text,
    account text, quantity numeric, billed numeric)`);
  const connection = (await knex.client.acquireConnection()) as PoolClient;
  let rows = 0;
  async function* lines(): AsyncGenerator<string> {
    let chunk = '';
    for (const month of months) {
      for await (const row of source.readMonth({ month })) {
        rows += 1;
        chunk += `${row.day}\t${row.domainKey}\t${row.product.key}\t${
          row.tags.app ?? row.entityRef
        }\t${row.account?.key ?? '\\N'}\t${row.quantity}\t${
          row.billedAmount
        }\n`;
        if (chunk.length > 65536) {
          yield chunk;
          chunk = '';
        }
      }
    }
    yield chunk;
  }
  const started = process.hrtime.bigint();
  try {
    await pipeline(
      Readable.from(lines()),
      connection.query(copyFrom('COPY raw_copy FROM STDIN')),
    );
  } finally {
    await knex.client.releaseConnection(connection);
  }
  const took = seconds(started);
  await knex.raw('DROP TABLE raw_copy');
  return { rows, seconds: took };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The entity query, from the summary table or straight from the facts. */
async function entityQueryTimes(knex: Knex, viewId: number, months: string[]) {
  const store = DatabaseCostStore.create({ knex });
  const [app] = await knex('dim_application')
    .where({ entity_ref: `component:default/${componentName(7)}` })
    .pluck('application_id');
  const query = {
    applicationIds: [app],
    from: months[months.length - 12] ?? months[0],
    to: months[months.length - 1],
    viewId,
    groupBy: 'product' as const,
    granularity: 'month' as const,
  };
  const summary: number[] = [];
  let summaryTotal = '';
  for (let i = 0; i < 21; i += 1) {
    const started = process.hrtime.bigint();
    summaryTotal = (await store.getCosts(query)).total;
    summary.push(seconds(started) * 1000);
  }
  // The same question asked of fact_consumption, with the same pricing join.
  const rawSql = `WITH q AS (
      SELECT f.period_month, f.product_id, sum(f.quantity) AS quantity
        FROM fact_consumption f
       WHERE f.application_id = ANY(:apps) AND f.period_month BETWEEN :from AND :to
       GROUP BY 1, 2),
      ${resolvedPrices()}
    SELECT sum(q.quantity * pr.unit_price)::text AS total,
           count(DISTINCT q.period_month) AS months
      FROM q JOIN prices pr USING (product_id, period_month)`;
  const bindings = {
    apps: [app],
    from: `${query.from}-01`,
    to: `${query.to}-01`,
    viewId,
  };
  const raw: number[] = [];
  let rawTotal = '';
  let rawMonths = 0;
  for (let i = 0; i < 5; i += 1) {
    // Cold for the raw query too: no help from a previous run's cache beyond PostgreSQL's own.
    const started = process.hrtime.bigint();
    const { rows } = await knex.raw(rawSql, bindings);
    rawTotal = rows[0].total;
    rawMonths = Number(rows[0].months);
    raw.push(seconds(started) * 1000);
  }
  // The answer's cents are the component's share of each month of the estate rounded once
  // (readApplicationCents): within a cent of the exact cost per month and mode.
  if (
    new Decimal(summaryTotal)
      .minus(rawTotal)
      .abs()
      .greaterThanOrEqualTo(new Decimal('0.02').times(rawMonths))
  ) {
    throw new Error(
      `the summary (${summaryTotal}) and the facts (${rawTotal}, exact) disagree`,
    );
  }
  return {
    summaryMs: median(summary),
    rawMs: median(raw),
    ratio: median(raw) / median(summary),
    total: summaryTotal,
  };
}

/**
 * Runs the overview and a group-of-100 cost query once each, times every SQL statement they
 * send, and returns EXPLAIN (ANALYZE, BUFFERS) of the slowest statement of each, slowest first.
 */
async function explainQueries(knex: Knex, viewId: number, months: string[]) {
  const store = DatabaseCostStore.create({ knex });
  const from = months[months.length - 12] ?? months[0];
  const to = months[months.length - 1];
  const applicationIds = await knex('dim_application')
    .whereIn(
      'entity_ref',
      Array.from(
        { length: perDivision },
        (_, a) => `component:default/${componentName(a)}`,
      ),
    )
    .pluck('application_id');
  const started = new Map<string, bigint>();
  const statements: Array<{
    what: string;
    sql: string;
    bindings: unknown[];
    ms: number;
  }> = [];
  let what = '';
  const pending = new Map<string, { sql: string; bindings: unknown[] }>();
  const onQuery = (query: {
    __knexQueryUid: string;
    sql: string;
    bindings?: unknown[];
  }) => {
    started.set(query.__knexQueryUid, process.hrtime.bigint());
    pending.set(query.__knexQueryUid, {
      sql: query.sql,
      // A copy: the client empties the array once the statement is sent.
      bindings: [...(query.bindings ?? [])],
    });
  };
  const onResponse = (
    _response: unknown,
    query: { __knexQueryUid: string },
  ) => {
    const begun = started.get(query.__knexQueryUid);
    const statement = pending.get(query.__knexQueryUid);
    if (begun !== undefined && statement) {
      statements.push({ what, ...statement, ms: seconds(begun) * 1000 });
    }
  };
  knex.on('query', onQuery).on('query-response', onResponse);
  try {
    what = 'organisation overview, 12 months';
    await store.getOverview({ viewId, from, to });
    what = `group of ${applicationIds.length} components, 12 months by domain`;
    await store.getCosts({
      applicationIds,
      viewId,
      from,
      to,
      granularity: 'month',
      groupBy: 'domain',
    });
  } finally {
    knex.off('query', onQuery).off('query-response', onResponse);
  }
  // The slowest statement of each query, slowest first, as sent: PostgreSQL's $n placeholders,
  // run on a connection of the pool.
  const slowestOf = [...new Set(statements.map(statement => statement.what))]
    .map(name =>
      statements
        .filter(statement => statement.what === name)
        .reduce((a, b) => (b.ms > a.ms ? b : a)),
    )
    .sort((a, b) => b.ms - a.ms);
  const plans = [];
  const connection: PoolClient = await knex.client.acquireConnection();
  try {
    for (const statement of slowestOf) {
      const { rows } = await connection.query(
        `EXPLAIN (ANALYZE, BUFFERS) ${statement.sql}`,
        statement.bindings,
      );
      plans.push({
        ...statement,
        plan: rows.map((row: Record<string, string>) => row['QUERY PLAN']),
      });
    }
  } finally {
    await knex.client.releaseConnection(connection);
  }
  return {
    statements: statements.map(({ what: w, ms, sql }) => ({
      what: w,
      ms: Math.round(ms * 10) / 10,
      sql: sql.replace(/\s+/g, ' ').slice(0, 120),
    })),
    plans,
  };
}

/** Pricing views: actual ← contract (domain, family and product rules) ← what-if. */
async function createViews(knex: Knex, firstMonth: string) {
  const [contract] = await knex('pricing_view')
    .insert({
      view_key: 'contract',
      name: 'Contract',
      kind: 'contracted',
      currency: 'USD',
      parent_id: knex('pricing_view')
        .where({ view_key: 'actual' })
        .select('pricing_view_id'),
    })
    .returning('pricing_view_id');
  const [whatIf] = await knex('pricing_view')
    .insert({
      view_key: 'what-if',
      name: 'What if',
      kind: 'what-if',
      currency: 'USD',
      parent_id: contract.pricing_view_id,
    })
    .returning('pricing_view_id');
  const domain = (key: string) =>
    knex('dim_domain').where({ domain_key: key }).select('domain_id');
  const family = (key: string) =>
    knex('dim_family').where({ family_key: key }).select('family_id');
  const validFrom = `${firstMonth}-01`;
  await knex('pricing_rule').insert([
    {
      pricing_view_id: contract.pricing_view_id,
      domain_id: domain('DATABASE'),
      multiplier: '0.9',
      valid_from: validFrom,
    },
    {
      pricing_view_id: contract.pricing_view_id,
      family_id: family('compute'),
      multiplier: '0.8',
      valid_from: validFrom,
    },
    {
      pricing_view_id: whatIf.pricing_view_id,
      family_id: family('storage'),
      multiplier: '1.1',
      valid_from: validFrom,
    },
  ]);
  await knex.raw(
    `INSERT INTO pricing_rule (pricing_view_id, product_id, unit_price, valid_from)
     SELECT ?, product_id, 0.05, ? FROM dim_product ORDER BY product_id LIMIT 50`,
    [contract.pricing_view_id, validFrom],
  );
  // Written here by hand, so resolved here as the pricing store does after its writes.
  await refreshPrices(knex, {
    views: [contract.pricing_view_id, whatIf.pricing_view_id],
  });
}

interface Latency {
  name: string;
  p50: number;
  p95: number;
  p99: number;
  requestsPerSecond: number;
  errors: number;
  /** Median of 10 requests sent one at a time. */
  sequentialMedianMs: number;
}

interface Backend {
  base: string;
  token: string;
  stop: () => void;
}

/** Starts the real backend on the benchmark's database, and waits for its catalog and costs. */
async function startBackend(
  connection: string,
  catalogFile: string,
  months: string[],
): Promise<Backend> {
  const url = new URL(connection);
  const config = {
    app: { baseUrl: 'http://localhost:3000' },
    backend: {
      baseUrl: `http://localhost:${PORT}`,
      listen: { port: PORT },
      database: {
        client: 'pg',
        connection: {
          host: url.hostname,
          port: Number(url.port),
          user: decodeURIComponent(url.username),
          password: decodeURIComponent(url.password),
        },
      },
    },
    catalog: {
      locations: [{ type: 'file', target: catalogFile }],
      processingInterval: { seconds: 600 },
    },
    finops: {
      ingestion: {
        schedule: {
          frequency: { hours: 24 },
          timeout: { hours: 1 },
          initialDelay: { hours: 24 },
        },
      },
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
  try {
    log('waiting for the backend and its catalog');
    let token = '';
    const groupUrl = `${base}/api/finops/costs?${new URLSearchParams({
      entityRef: divisionRef,
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
          const refresh = await fetch(
            `${base}/api/auth/guest/refresh?env=development`,
            {
              headers: { 'x-requested-with': 'XMLHttpRequest' },
            },
          );
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
          components.size >= perDivision &&
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

/**
 * Overview questions that the answer cache cannot have seen: every period of 1 to 12 months of
 * the data, with and without each cloud, category and account filter, in a fixed shuffled order.
 */
function overviewVariants(months: string[]): string[] {
  const periods: Array<[string, string]> = [];
  months.forEach((from, i) => {
    for (
      let length = 1;
      length <= 12 && i + length <= months.length;
      length += 1
    ) {
      periods.push([from, months[i + length - 1]]);
    }
  });
  const variants: string[] = [];
  for (const [from, to] of periods) {
    for (const cloud of [undefined, 'aws']) {
      for (const category of [undefined, 'compute', 'storage', 'database']) {
        for (const account of [undefined, '123456789012']) {
          const query = new URLSearchParams({ from, to });
          if (cloud) query.set('cloud', cloud);
          if (category) query.set('category', category);
          if (account) query.set('account', account);
          variants.push(`/api/finops/overview?${query}`);
        }
      }
    }
  }
  return variants
    .map((url, index) => ({ url, order: hashText(`${index}`) }))
    .sort((a, b) => a.order - b.order)
    .map(({ url }) => url);
}

/**
 * Group questions that the answer cache cannot have seen: each division, every period of 1 to 12
 * months of the data, each grouping, in a fixed shuffled order.
 */
function groupQuestions(months: string[]): string[] {
  const variants: string[] = [];
  months.forEach((from, i) => {
    for (
      let length = 1;
      length <= 12 && i + length <= months.length;
      length += 1
    ) {
      for (let d = 0; d < options.divisions; d += 1) {
        for (const groupBy of ['domain', 'product', 'family', 'component']) {
          variants.push(
            `/api/finops/costs?${new URLSearchParams({
              entityRef: stringifyEntityRef({
                kind: 'group',
                namespace: 'default',
                name: divisionName(d),
              }),
              from,
              to: months[i + length - 1],
              groupBy,
            })}`,
          );
        }
      }
    }
  });
  return variants
    .map((url, index) => ({ url, order: hashText(`g${index}`) }))
    .sort((a, b) => a.order - b.order)
    .map(({ url }) => url);
}

function hashText(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i += 1) {
    h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  }
  return h;
}

/** Each endpoint one request at a time, then under 10 connections. */
async function measure(
  { base, token }: Backend,
  months: string[],
): Promise<Latency[]> {
  const from = months[Math.max(0, months.length - 12)];
  const to = months[months.length - 1];
  const variants = overviewVariants(months);
  let next = 0;
  const uncachedOverview = () => {
    const url = variants[next % variants.length];
    next += 1;
    return url;
  };
  const groupVariants = groupQuestions(months);
  let nextGroup = 0;
  const uncachedGroup = () => {
    const url = groupVariants[nextGroup % groupVariants.length];
    nextGroup += 1;
    return url;
  };
  const endpoints: Array<{ name: string; path: () => string }> = [
    {
      name: 'entity costs: one component, 12 months by product',
      path: () =>
        `/api/finops/costs?${new URLSearchParams({
          entityRef: `component:default/${componentName(7)}`,
          from,
          to,
          groupBy: 'product',
        })}`,
    },
    {
      name: `group of ${perDivision} components, 12 months`,
      path: () =>
        `/api/finops/costs?${new URLSearchParams({
          entityRef: divisionRef,
          from,
          to,
          groupBy: 'domain',
        })}`,
    },
    {
      name: 'organisation overview, 12 months',
      path: () => `/api/finops/overview?${new URLSearchParams({ from, to })}`,
    },
    {
      name: 'organisation overview, uncached (other periods and filters)',
      path: uncachedOverview,
    },
    {
      name: 'comparison of two views (volume and price effects)',
      path: () =>
        `/api/finops/costs?${new URLSearchParams({
          entityRef: `component:default/${componentName(7)}`,
          from,
          to,
          groupBy: 'product',
          compareView: 'what-if',
        })}`,
    },
    {
      name: `group of ${perDivision} components, uncached (other groups, periods, groupings)`,
      path: uncachedGroup,
    },
  ];
  const headers = { authorization: `Bearer ${token}` };
  const results: Latency[] = [];
  for (const endpoint of endpoints) {
    // Warm-up, and a check that the endpoint answers.
    const check = await fetch(`${base}${endpoint.path()}`, { headers });
    if (!check.ok)
      throw new Error(
        `${endpoint.name}: ${check.status} ${await check.text()}`,
      );
    await check.arrayBuffer();
    // One request at a time: the latency without queueing.
    const single: number[] = [];
    for (let i = 0; i < 10; i += 1) {
      const started = process.hrtime.bigint();
      const response = await fetch(`${base}${endpoint.path()}`, { headers });
      await response.arrayBuffer();
      single.push(seconds(started) * 1000);
    }
    const load = (seconds_: number) =>
      autocannon({
        url: base,
        connections: 10,
        duration: seconds_,
        headers,
        requests: [
          {
            method: 'GET',
            setupRequest: request => ({ ...request, path: endpoint.path() }),
          },
        ],
      });
    await load(2);
    const result = await load(duration);
    results.push({
      name: endpoint.name,
      p50: result.latency.p50,
      p95: percentile95(result),
      p99: result.latency.p99,
      requestsPerSecond: result.requests.average,
      errors: result.errors + result.non2xx + result.timeouts,
      sequentialMedianMs: Math.round(median(single) * 10) / 10,
    });
    log(
      `${endpoint.name}: one at a time ${median(single).toFixed(
        1,
      )} ms; 10 connections p50 ${result.latency.p50} ms, p95 ${percentile95(
        result,
      )} ms, ${result.requests.average} req/s, ${
        result.errors + result.non2xx + result.timeouts
      } errors`,
    );
  }
  return results;
}

/**
 * autocannon reports p50, p90, p97.5 and p99 but not p95: interpolate between p90 and p97.5, so
 * the figure is an honest estimate from its own histogram (the JSON keeps all four).
 */
function percentile95(result: autocannon.Result): number {
  const latency = result.latency as unknown as Record<string, number>;
  const p90 = latency.p90;
  const p975 = latency.p97_5;
  return (
    Math.round((p90 + ((95 - 90) / (97.5 - 90)) * (p975 - p90)) * 100) / 100
  );
}

/** With --trace-sql: the time spent in each SQL statement of the batch, printed after each phase. */
function traceSql() {
  const spent = new Map<string, { ms: number; calls: number }>();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Client } = require(require.resolve('pg', {
    paths: [require.resolve('knex')],
  }));
  const query = Client.prototype.query;
  Client.prototype.query = function traced(this: unknown, ...params: any[]) {
    const text = String(params[0]?.text ?? params[0])
      .replace(/\s+/g, ' ')
      .slice(0, 90);
    const started = process.hrtime.bigint();
    const done = () => {
      const entry = spent.get(text) ?? { ms: 0, calls: 0 };
      entry.ms += seconds(started) * 1000;
      entry.calls += 1;
      spent.set(text, entry);
    };
    const last = params[params.length - 1];
    if (typeof last === 'function') {
      params[params.length - 1] = (...results: unknown[]) => {
        done();
        return last(...results);
      };
    }
    const result = query.apply(this, params);
    if (result && typeof result.then === 'function') {
      result.then(done, done);
    } else if (result && typeof result.on === 'function') {
      result.on('finish', done);
    }
    return result;
  };
  // Printed per phase (each load, each reload), then forgotten: a reload's statements apart.
  return (phase: string) => {
    log(`SQL time of ${phase}, by statement:`);
    [...spent]
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, 15)
      .forEach(([text, entry]) =>
        console.log(
          `${entry.ms.toFixed(0).padStart(8)} ms ${String(entry.calls).padStart(
            6,
          )}×  ${text}`,
        ),
      );
    spent.clear();
  };
}

async function main() {
  const printTrace = args.includes('--trace-sql') ? traceSql() : undefined;
  const connection =
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES18_CONNECTION_STRING;
  if (!connection) {
    throw new Error(
      'Run through scripts/with-postgres.mjs (no database connection string)',
    );
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'finops-bench-'));
  const knex = await freshDatabase(connection);
  await migrateMart(knex);

  const catalog = scaleCatalog(options);
  const catalogFile = path.join(work, 'catalog.yaml');
  fs.writeFileSync(
    catalogFile,
    catalog.map(entity => toYaml(entity)).join('---\n'),
  );
  const components = catalog
    .filter(entity => entity.kind === 'Component')
    .map(applicationFromEntity);

  const source = new ScaleSource(options);
  const months = monthsBack(options.lastMonth, options.months);
  const expectedRows = months.reduce(
    (sum, month) => sum + source.rowsIn(month),
    0,
  );
  log(
    `estate: ${months.length} months (${months[0]} … ${
      months[months.length - 1]
    }), ${options.applications} applications, ${
      options.divisions * (options.teamsPerDivision + 1)
    } groups, ${options.products} products, ${expectedRows} rows`,
  );

  const runner = new IngestionRunner({
    knex,
    logger,
    sources: [source],
    readApplications: () => syncApplications(knex, components),
    guards: { rejectThreshold: 0.05, dropThreshold: 0.5 },
    now: () => new Date(`${options.lastMonth}-20T00:00:00Z`),
  });
  const memory = memorySampler();
  // The oldest month is held at every step: its reload is the same work as history grows.
  const reloadMonth = months[0];
  const load = async (which: string[]) => {
    memory.resume();
    const started = process.hrtime.bigint();
    const result = await runner.run({ trigger: 'manual', months: which });
    const took = seconds(started);
    memory.pause();
    if (result.status !== 'succeeded') {
      throw new Error(
        `load ${result.status}: ${JSON.stringify(
          result.loads.filter(l => l.status !== 'succeeded'),
        )}`,
      );
    }
    const rows = result.loads.reduce((sum, l) => sum + l.rowsLoaded, 0);
    return { rows, seconds: took, months: which.length };
  };
  const reload = async () => {
    memory.resume();
    const started = process.hrtime.bigint();
    const result = await runner.run({
      trigger: 'manual',
      months: [reloadMonth],
      force: true,
    });
    const took = seconds(started);
    memory.pause();
    if (result.status !== 'succeeded')
      throw new Error(`reload ${result.status}`);
    return took;
  };

  const steps = scaleSteps(source, months);
  const stepFigures: StepFigures[] = [];
  let held = 0;
  let loadedRows = 0;
  let loadSeconds = 0;
  let actualId = 0;
  let backend: Backend | undefined;
  let entity: Awaited<ReturnType<typeof entityQueryTimes>> | undefined;
  let explain: Awaited<ReturnType<typeof explainQueries>> | undefined;
  try {
    for (const count of steps) {
      log(`loading months ${held + 1}–${count} through the batch`);
      const loaded = await load(months.slice(held, count));
      held = count;
      loadedRows += loaded.rows;
      loadSeconds += loaded.seconds;
      log(`… ${loaded.rows} rows in ${loaded.seconds.toFixed(1)} s`);
      printTrace?.(`months ${count - loaded.months + 1}–${count}`);
      if (!actualId) {
        await createViews(knex, months[0]);
        ({ pricing_view_id: actualId } = await knex('pricing_view')
          .where({ view_key: 'actual' })
          .first('pricing_view_id'));
      }
      const reloadSeconds = await reload();
      log(
        `reload of ${reloadMonth} with ${held} months held: ${reloadSeconds.toFixed(
          2,
        )} s`,
      );
      printTrace?.(`the reload with ${held} months held`);
      await knex.raw('ANALYZE');
      const factRows = Number(
        (await knex('fact_consumption').count({ n: '*' }))[0].n,
      );
      let endpoints: Latency[] = [];
      if (http) {
        backend ??= await startBackend(
          connection,
          catalogFile,
          months.slice(0, held),
        );
        endpoints = await measure(backend, months.slice(0, held));
      }
      stepFigures.push({ months: held, factRows, reloadSeconds, endpoints });
    }
    log('entity query: summary table vs facts');
    entity = await entityQueryTimes(knex, actualId, months);
    log(
      `… summary ${entity.summaryMs.toFixed(
        1,
      )} ms, facts ${entity.rawMs.toFixed(1)} ms (×${entity.ratio.toFixed(1)})`,
    );
    log('EXPLAIN ANALYZE of the overview and a group query');
    explain = await explainQueries(knex, actualId, months);
    for (const statement of explain.statements) {
      log(`… ${statement.ms} ms  ${statement.what}: ${statement.sql}`);
    }
  } finally {
    backend?.stop();
  }
  const peakLoadMiB = memory.peakMiB();
  memory.stop();
  log(`peak RSS of the batch: ${peakLoadMiB} MiB`);
  const batchRate = loadedRows / loadSeconds;

  const copyMonths = months.slice(-Math.min(3, months.length));
  log(
    `raw COPY of the rows of ${copyMonths.length} months into an unindexed table`,
  );
  const copy = await rawCopy(knex, source, copyMonths);
  const copyRate = copy.rows / copy.seconds;
  log(
    `… ${Math.round(copyRate)} rows/s; the batch loaded ${Math.round(
      batchRate,
    )} rows/s, ${((100 * batchRate) / copyRate).toFixed(0)} % of it`,
  );
  await knex.destroy();

  const first = stepFigures[0];
  const last = stepFigures[stepFigures.length - 1];
  const latencies = last.endpoints;
  const p95Of = (step: StepFigures, index: number) =>
    step.endpoints[index]?.p95;
  /** An answer's p95 at the last step against the first: flat within 25 %. */
  const growth = (index: number) => {
    const before = p95Of(first, index);
    const after = p95Of(last, index);
    return before && after ? after / before : undefined;
  };
  const targets = [
    { name: 'entity costs p95 ≤ 50 ms', limit: 50 },
    { name: 'group of 100 p95 ≤ 150 ms', limit: 150 },
    { name: 'overview p95 ≤ 300 ms', limit: 300 },
    { name: 'uncached overview p95 ≤ 300 ms', limit: 300 },
    { name: 'comparison p95 ≤ 100 ms', limit: 100 },
    { name: 'uncached group of 100 p95 ≤ 150 ms', limit: 150 },
  ];
  const figures = {
    date: new Date().toISOString(),
    size: smoke ? 'smoke' : 'full',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
    loadAverage: os.loadavg(),
    estate: {
      ...options,
      groups: options.divisions * (options.teamsPerDivision + 1),
      factRows: last.factRows,
    },
    load: {
      rows: loadedRows,
      seconds: loadSeconds,
      rowsPerSecond: Math.round(batchRate),
      rawCopyRows: copy.rows,
      rawCopySeconds: copy.seconds,
      rawCopyRowsPerSecond: Math.round(copyRate),
      shareOfRawCopy: batchRate / copyRate,
      peakRssMiB: peakLoadMiB,
    },
    reload: {
      month: reloadMonth,
      steps: stepFigures.map(step => ({
        months: step.months,
        seconds: step.reloadSeconds,
      })),
    },
    entityQuery: entity,
    http: {
      connections: 10,
      durationSeconds: duration,
      endpoints: latencies,
      uncachedOverviewP95: latencies[3]?.p95,
      uncachedGroupP95: latencies[5]?.p95,
    },
    /** The same questions at each size of history. */
    steps: stepFigures,
  };
  const out = path.join(ROOT, 'bench-results');
  fs.mkdirSync(out, { recursive: true });
  const file = path.join(out, `scale-${figures.size}.json`);
  fs.writeFileSync(file, JSON.stringify(figures, null, 2));
  const explainFile = path.join(out, `explain-${figures.size}.txt`);
  fs.writeFileSync(
    explainFile,
    explain!.plans
      .flatMap(plan => [
        `=== ${plan.what}: ${plan.ms.toFixed(1)} ms`,
        plan.sql,
        `bindings: ${JSON.stringify(plan.bindings)}`,
        '',
        ...plan.plan,
        '',
      ])
      .join('\n'),
  );

  const met = (ok: boolean) => (ok ? 'met' : 'missed');
  const rows: Array<[string, string, string]> = [
    ['fact rows', String(last.factRows), ''],
    [
      'load through the batch',
      `${Math.round(batchRate).toLocaleString('en-US')} rows/s`,
      `≥ 100,000 rows/s: ${met(batchRate >= 100_000)}`,
    ],
    [
      'raw COPY, unindexed table',
      `${Math.round(copyRate).toLocaleString('en-US')} rows/s`,
      '',
    ],
    [
      'batch ÷ raw COPY',
      `${((100 * batchRate) / copyRate).toFixed(0)} %`,
      `≥ 50 %: ${met(batchRate / copyRate >= 0.5)}`,
    ],
    [
      'peak RSS during the loads',
      `${peakLoadMiB} MiB`,
      `≤ 1 GiB: ${met(peakLoadMiB <= 1024)}`,
    ],
    ...stepFigures.map((step): [string, string, string] => [
      `reload one month, ${step.months} months held`,
      `${step.reloadSeconds.toFixed(2)} s`,
      `≤ 5 s: ${met(step.reloadSeconds <= 5)}`,
    ]),
    [
      'entity query: summary / facts',
      `${entity!.summaryMs.toFixed(1)} / ${entity!.rawMs.toFixed(1)} ms`,
      `×${entity!.ratio.toFixed(1)}`,
    ],
    ...stepFigures.flatMap(step =>
      step.endpoints.map((latency, index): [string, string, string] => [
        `${latency.name} (${step.months} months, ${step.factRows} rows)`,
        `p50 ${latency.p50} / p95 ${latency.p95} / p99 ${latency.p99} ms, ${
          latency.requestsPerSecond
        } req/s, one at a time ${latency.sequentialMedianMs} ms${
          latency.errors ? `, ${latency.errors} errors` : ''
        }`,
        `${targets[index].name}: ${met(
          latency.requestsPerSecond > 0 &&
            latency.errors === 0 &&
            latency.p95 <= targets[index].limit,
        )}`,
      ]),
    ),
    ...(stepFigures.length > 1
      ? [0, 1].map((index): [string, string, string] => {
          const ratio = growth(index);
          return [
            `${targets[index].name.split(' p95')[0]}: p95 at ${
              last.months
            } ÷ at ${first.months} months`,
            ratio === undefined ? 'n/a' : `×${ratio.toFixed(2)}`,
            `flat within 25 %: ${met(ratio !== undefined && ratio <= 1.25)}`,
          ];
        })
      : []),
  ];
  const width = [0, 1, 2].map(i => Math.max(...rows.map(row => row[i].length)));
  console.log(
    `\nFinOps scale benchmark (${figures.size}, ${
      figures.cores
    } cores, load average ${os
      .loadavg()
      .map(value => value.toFixed(2))
      .join(' ')})`,
  );
  for (const row of rows) {
    console.log(
      `  ${row[0].padEnd(width[0])}  ${row[1].padEnd(width[1])}  ${row[2]}`,
    );
  }
  console.log(`\nfigures: ${path.relative(ROOT, file)}`);
  console.log(
    `EXPLAIN ANALYZE of the slowest statement of each query, slowest first (${
      explain!.plans[0].what
    }): ${path.relative(ROOT, explainFile)}`,
  );
  fs.rmSync(work, { recursive: true, force: true });
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
