/*
 * Exports benchmark: a generated FOCUS month of N rows (default 5 000 000) as an AWS Data Export
 * in the local S3 server, once as Parquet and once as CSV.gz (5 files each), loaded by the batch
 * through the real S3 client. Prints rows/s, the peak RSS of the loading process, the requests,
 * and whether the loaded total equals the generated one.
 *
 *   node .yarn/releases/yarn-4.13.0.cjs bench:exports [rows] [--heap=MiB]
 *
 * `--heap=512` runs the load with `--max-old-space-size=512`, as a container's memory limit would
 * size V8's heap: on a machine with much free memory V8 collects lazily, and the peak RSS of a
 * Parquet load is mostly garbage not yet collected.
 *
 * The S3 server and the file generation run in this process; the load runs in a child process,
 * so that its peak RSS (`process.resourceUsage().maxRSS`) is the backend's alone.
 * It needs BACKSTAGE_TEST_DATABASE_POSTGRES18_CONNECTION_STRING (scripts/with-postgres.mjs sets it).
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// eslint-disable-next-line @backstage/no-undeclared-imports -- knex comes with the batch (finops-backend)
import knexFactory from 'knex';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports -- the batch itself
import { migrateMart } from '../../finops-backend/src/database/operations/migrateMart';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { DatabaseIngestionStore } from '../../finops-backend/src/ingestion/DatabaseIngestionStore';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { IngestionRunner } from '../../finops-backend/src/ingestion/IngestionRunner';
import { FocusCostSource } from '../src/focus/FocusCostSource';
import { S3Store } from '../src/focus/storage/S3Store';
import { Decimal } from '../src/testing/fileTotals';
import {
  FOCUS_HEADER,
  focusRows,
  writeFocusCsv,
  writeFocusParquet,
} from '../src/testing/focusFiles';
import { startS3Server } from '../src/testing/startS3Server';

const MONTH = '2024-09';
const NOW = new Date('2024-10-20T12:00:00Z');
const PARTS = 5;
const BILLED = FOCUS_HEADER.indexOf('BilledCost');

const logger: LoggerService = {
  info: () => {},
  debug: () => {},
  warn: message => console.warn(message),
  error: message => console.error(message),
  child: () => logger,
};

/** The next `count` rows of a generator. */
function* take<T>(rows: Iterator<T>, count: number): Generator<T> {
  for (let i = 0; i < count; i += 1) {
    const next = rows.next();
    if (next.done) return;
    yield next.value;
  }
}

/** Child: loads the month from the S3 server and prints what it measured, as JSON. */
async function load(endpoint: string, bucket: string, prefix: string) {
  const connection =
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES18_CONNECTION_STRING!;
  const admin = knexFactory({ client: 'pg', connection });
  await admin.raw('DROP DATABASE IF EXISTS finops_bench_exports');
  await admin.raw('CREATE DATABASE finops_bench_exports');
  await admin.destroy();
  const knex = knexFactory({
    client: 'pg',
    connection: `${connection}/finops_bench_exports`,
    pool: { min: 1, max: 5 },
  });
  await migrateMart(knex);
  const store = new S3Store({
    bucket,
    prefix,
    endpoint,
    forcePathStyle: true,
    region: 'us-east-1',
    accessKeyId: 'bench',
    secretAccessKey: 'bench',
  });
  const runner = new IngestionRunner({
    store: DatabaseIngestionStore.create({ knex }),
    logger,
    sources: [new FocusCostSource({ key: 'aws', store, now: () => NOW })],
    readApplications: async () => [],
    guards: { rejectThreshold: 0.05, dropThreshold: 0.5 },
    now: () => NOW,
  });
  const started = process.hrtime.bigint();
  const run = await runner.run({ trigger: 'manual' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const ledger = await knex('ingestion_load')
    .where({ run_id: run.runId })
    .select(
      'status',
      'requests',
      'detail',
      knex.raw('rows_loaded::bigint::text AS rows'),
      knex.raw('billed_total::text AS billed'),
    );
  await knex.destroy();
  process.stdout.write(
    `${JSON.stringify({
      status: run.status,
      seconds,
      rows: ledger.reduce((n, l) => n + Number(l.rows), 0),
      billed: ledger
        .reduce((sum, l) => sum.plus(l.billed ?? 0), new Decimal(0))
        .toFixed(),
      requests: ledger.reduce((n, l) => n + l.requests, 0),
      details: ledger.map(l => l.detail).filter(Boolean),
      maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    })}\n`,
  );
}

function child(
  endpoint: string,
  bucket: string,
  prefix: string,
  heap: string | undefined,
) {
  return new Promise<any>((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      [
        ...(heap ? [`--max-old-space-size=${heap}`] : []),
        ...process.execArgv,
        __filename,
        'load',
        endpoint,
        bucket,
        prefix,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    proc.stdout.on('data', chunk => {
      out += chunk;
    });
    proc.on('error', reject);
    proc.on('exit', code =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').pop()!))
        : reject(new Error(`the load exited with ${code}`)),
    );
  });
}

async function main() {
  const total = Number(
    process.argv.slice(2).find(arg => /^\d+$/.test(arg)) ?? 5_000_000,
  );
  const heap = process.argv
    .slice(2)
    .find(arg => arg.startsWith('--heap='))
    ?.slice('--heap='.length);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'finops-bench-exports-'));
  const s3 = await startS3Server();
  console.log(
    `FOCUS export of ${total.toLocaleString(
      'en',
    )} rows (${MONTH}) in ${PARTS} files, through the local S3 server; the load's V8 heap: ${
      heap ? `--max-old-space-size=${heap}` : 'default'
    }`,
  );
  console.log(
    'format   | files MiB | generated s | load s | rows/s  | peak RSS MiB | requests | total equal | load average',
  );
  try {
    for (const format of ['parquet', 'csv.gz'] as const) {
      const prefix = `bench-${format.replace('.', '-')}`;
      const data = `${prefix}/focus/data/BILLING_PERIOD=${MONTH}`;
      const rows = focusRows(total, { month: MONTH });
      let billed = new Decimal(0);
      const counted = (part: Iterable<string[]>) =>
        (function* sum() {
          for (const row of part) {
            billed = billed.plus(row[BILLED]);
            yield row;
          }
        })();
      const generation = process.hrtime.bigint();
      const keys: string[] = [];
      let bytes = 0;
      for (let part = 1; part <= PARTS; part += 1) {
        const count =
          Math.floor(total / PARTS) + (part === PARTS ? total % PARTS : 0);
        const file = path.join(dir, `part-${part}.${format}`);
        const partRows = counted(take(rows, count));
        if (format === 'parquet') {
          await writeFocusParquet(file, FOCUS_HEADER, partRows, {
            compression: 'SNAPPY',
          });
        } else {
          await writeFocusCsv(file, FOCUS_HEADER, partRows, { gzip: true });
        }
        const key = `${data}/e1-focus-0000${part}.${format}`;
        const body = fs.readFileSync(file);
        bytes += body.length;
        s3.put(key, body);
        fs.rmSync(file);
        keys.push(key);
      }
      s3.put(
        `${prefix}/focus/metadata/BILLING_PERIOD=${MONTH}/focus-Manifest.json`,
        JSON.stringify({
          executionId: 'e1',
          dataFiles: keys.map(key => `s3://${s3.bucket}/${key}`),
        }),
      );
      const generated = Number(process.hrtime.bigint() - generation) / 1e9;
      const result = await child(s3.endpoint, s3.bucket, prefix, heap);
      const loadAverage = os.loadavg().map(n => n.toFixed(2));
      console.log(
        [
          format.padEnd(8),
          (bytes / 2 ** 20).toFixed(0).padStart(9),
          generated.toFixed(0).padStart(11),
          result.seconds.toFixed(1).padStart(6),
          Math.round(result.rows / result.seconds)
            .toLocaleString('en')
            .padStart(7),
          String(result.maxRssMiB).padStart(12),
          String(result.requests).padStart(8),
          String(
            result.status === 'succeeded' &&
              result.rows === total &&
              new Decimal(result.billed).equals(billed),
          ).padStart(11),
          loadAverage.join(' '),
        ].join(' | '),
      );
      if (result.status !== 'succeeded') {
        console.log(`  ${result.status}: ${result.details.join('; ')}`);
      }
      for (const key of keys) {
        s3.put(key, Buffer.alloc(0)); // free the memory of this format's files
      }
    }
  } finally {
    await s3.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'load') {
  load(process.argv[3], process.argv[4], process.argv[5]).catch(error => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch(error => {
    console.error(error);
    process.exit(1);
  });
}
