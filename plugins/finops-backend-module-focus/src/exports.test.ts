import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports -- the batch itself, a devDependency
import { migrateMart } from '../../finops-backend/src/database/operations/migrateMart';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { DatabaseIngestionStore } from '../../finops-backend/src/ingestion/DatabaseIngestionStore';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { IngestionRunner } from '../../finops-backend/src/ingestion/IngestionRunner';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { syncApplications } from '../../finops-backend/src/ingestion/operations/syncApplications';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { storeExchangeRates } from '../../finops-backend/src/pricing/operations/exchangeRates';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { DatabaseCostStore } from '../../finops-backend/src/costs/DatabaseCostStore';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { DatabasePricingStore } from '../../finops-backend/src/pricing/DatabasePricingStore';
import { FocusCostSource } from './focus/FocusCostSource';
import { AzureBlobStore } from './focus/storage/AzureBlobStore';
import { BillingStore } from './focus/storage/BillingStore';
import { S3Store } from './focus/storage/S3Store';
import { Decimal } from './testing/fileTotals';
import {
  FOCUS_HEADER,
  focusRows,
  writeFocusCsv,
  writeFocusParquet,
} from './testing/focusFiles';
import { AzuriteTestServer, startAzurite } from './testing/startAzurite';
import { S3TestServer, startS3Server } from './testing/startS3Server';

jest.setTimeout(180_000);

const NOW = new Date('2024-10-20T12:00:00Z');
const BILLED = FOCUS_HEADER.indexOf('BilledCost');
const ACCOUNT = FOCUS_HEADER.indexOf('SubAccountId');
const CURRENCY = FOCUS_HEADER.indexOf('BillingCurrency');

type Format = 'csv' | 'csv.gz' | 'parquet';

/**
 * Real FOCUS exports through the batch: AWS Data Exports in a bucket of the local S3 server,
 * Azure Cost Management exports in Azurite, with the real SDK clients; CSV, CSV.gz and Parquet
 * files written by the test; each bad delivery refused or failed, losing nothing.
 */
describe('FOCUS exports from S3 and Azure Blob, through the batch', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });
  let s3: S3TestServer;
  let azurite: AzuriteTestServer;
  let dir: string;
  let knex: Awaited<ReturnType<typeof databases.init>>;

  beforeAll(async () => {
    s3 = await startS3Server();
    azurite = await startAzurite();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'focus-exports-'));
  });
  afterAll(async () => {
    await s3?.stop();
    await azurite?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    knex = await databases.init('POSTGRES_18');
    await migrateMart(knex);
  });

  /** The bytes of a FOCUS file of these rows. */
  async function fileOf(rows: string[][], format: Format): Promise<Buffer> {
    const file = path.join(dir, `${Math.random()}.${format}`);
    if (format === 'parquet') {
      await writeFocusParquet(file, FOCUS_HEADER, rows, { rowGroupSize: 400 });
    } else {
      await writeFocusCsv(file, FOCUS_HEADER, rows, {
        gzip: format === 'csv.gz',
      });
    }
    const bytes = fs.readFileSync(file);
    fs.rmSync(file);
    return bytes;
  }

  const billedOf = (rows: string[][]) =>
    rows.reduce((sum, row) => sum.plus(row[BILLED]), new Decimal(0)).toFixed();

  /** An AWS Data Export's delivery of a period: its data files and its manifest. */
  async function putAwsDelivery(options: {
    prefix: string;
    month: string;
    execution: string;
    files: Array<{ bytes: Buffer; format: Format }>;
    /** Files the manifest lists but that are not uploaded. */
    missing?: string[];
  }) {
    const { prefix, month, execution } = options;
    const data = `${prefix}/focus/data/BILLING_PERIOD=${month}`;
    const keys = options.files.map(
      ({ format }, i) => `${data}/${execution}-focus-0000${i + 1}.${format}`,
    );
    options.files.forEach(({ bytes }, i) => s3.put(keys[i], bytes));
    s3.put(
      `${prefix}/focus/metadata/BILLING_PERIOD=${month}/focus-Manifest.json`,
      JSON.stringify({
        executionId: execution,
        exportArn:
          'arn:aws:bcm-data-exports:us-east-1:111122223333:export/focus',
        dataFiles: [
          ...keys,
          ...(options.missing ?? []).map(name => `${data}/${name}`),
        ].map(key => `s3://${s3.bucket}/${key}`),
      }),
    );
  }

  /** An Azure Cost Management export's run for a month: its blobs and their manifest. */
  async function putAzureRun(options: {
    prefix: string;
    month: string;
    run: string;
    submitted: string;
    files: Array<{ bytes: Buffer; rows: number; format: Format }>;
  }) {
    const { prefix, month, run } = options;
    const [year, number] = month.split('-').map(Number);
    const last = new Date(Date.UTC(year, number, 0)).getUTCDate();
    const range = `${month.replace('-', '')}01-${month.replace(
      '-',
      '',
    )}${last}`;
    const folder = `${prefix}/focus-azure/${range}/${run}`;
    const names = options.files.map(
      ({ format }, i) => `${folder}/part_${i}_0001.${format}`,
    );
    for (const [i, { bytes }] of options.files.entries()) {
      await azurite.put(names[i], bytes);
    }
    await azurite.put(
      `${folder}/manifest.json`,
      JSON.stringify({
        manifestVersion: '2024-04-01',
        byteCount: options.files.reduce((n, f) => n + f.bytes.length, 0),
        dataRowCount: options.files.reduce((n, f) => n + f.rows, 0),
        runInfo: { runId: run, submittedTime: options.submitted },
        blobs: options.files.map((file, i) => ({
          blobName: names[i],
          byteCount: file.bytes.length,
          dataRowCount: file.rows,
        })),
      }),
    );
  }

  function runnerOf(
    sources: Array<{ key: string; store: BillingStore; currency?: string }>,
  ) {
    return new IngestionRunner({
      store: DatabaseIngestionStore.create({ knex }),
      logger: mockServices.logger.mock(),
      sources: sources.map(
        ({ key, store, currency }) =>
          new FocusCostSource({ key, store, currency, now: () => NOW }),
      ),
      readApplications: () =>
        syncApplications(knex, [
          {
            entityRef: 'component:default/payments',
            ownerRef: 'group:default/payments-team',
            name: 'payments',
            tagSelectors: ['team=payments'],
            accountKeys: [],
          },
        ]),
      guards: { rejectThreshold: 0.05, dropThreshold: 0.5 },
      now: () => NOW,
    });
  }

  const s3Store = (prefix: string) =>
    new S3Store({
      bucket: s3.bucket,
      prefix,
      endpoint: s3.endpoint,
      forcePathStyle: true,
      region: s3.region,
      ...s3.credentials,
      pageSize: 3,
    });

  async function ledgerOf(runId: number) {
    return knex('ingestion_load')
      .where({ run_id: runId })
      .orderBy(['source_key', 'period_month'])
      .select(
        'source_key',
        knex.raw(`to_char(period_month, 'YYYY-MM') AS month`),
        'status',
        'requests',
        knex.raw('rows_loaded::int AS rows'),
        knex.raw('billed_total::text AS billed'),
        knex.raw('priced_total::text AS priced'),
        'detail',
      );
  }

  /** What the mart holds of a source-month: its rows and its billed total. */
  async function martOf(source: string, month: string) {
    return knex('actual_price_basis')
      .where({ source_key: source, period_month: `${month}-01` })
      .first(
        knex.raw('coalesce(sum(billed), 0)::text AS billed'),
        knex.raw('count(*)::int AS products'),
      );
  }

  it('loads a two-month AWS export (CSV.gz and Parquet) whole, reconciled, and a restated month again', async () => {
    const august = [...focusRows(1200, { month: '2024-08' })];
    const september = [...focusRows(900, { month: '2024-09' })];
    await putAwsDelivery({
      prefix: 'aws',
      month: '2024-08',
      execution: 'e1',
      files: [
        {
          bytes: await fileOf(august.slice(0, 700), 'csv.gz'),
          format: 'csv.gz',
        },
        { bytes: await fileOf(august.slice(700), 'csv.gz'), format: 'csv.gz' },
      ],
    });
    await putAwsDelivery({
      prefix: 'aws',
      month: '2024-09',
      execution: 'e1',
      files: [{ bytes: await fileOf(september, 'parquet'), format: 'parquet' }],
    });
    const runner = runnerOf([{ key: 'aws', store: s3Store('aws') }]);

    s3.requests.length = 0;
    const first = await runner.run({ trigger: 'manual' });
    expect(first.status).toBe('succeeded');
    const ledger = await ledgerOf(first.runId);
    expect(ledger).toMatchObject([
      {
        month: '2024-08',
        status: 'succeeded',
        rows: 1200,
        billed: billedOf(august),
      },
      {
        month: '2024-09',
        status: 'succeeded',
        rows: 900,
        billed: billedOf(september),
      },
    ]);
    // The actual view reproduces what was billed, to the cent (unit prices keep 30 decimals).
    for (const load of ledger) {
      expect(new Decimal(load.priced).toFixed(2)).toBe(
        new Decimal(load.billed).toFixed(2),
      );
    }
    // Requests: the listing's pages (5 objects, 3 a page) and 2 manifests, counted on the first
    // load; one GET per data file on each.
    expect(ledger.map(load => load.requests)).toEqual([2 + 2 + 2, 1]);
    expect(s3.requests.filter(r => r === 'GetObject')).toHaveLength(5);

    // Nothing changed: August is final and not read again; September (not final until the 5th
    // day after its end... it is: the 20th of October) neither.
    s3.requests.length = 0;
    const second = await runner.run({ trigger: 'schedule' });
    expect(second.loads).toEqual([]);
    expect(s3.requests.filter(r => r === 'GetObject')).toHaveLength(2); // the manifests

    // September delivered again (a new execution, the month restated): only it is loaded.
    const restated = september.slice(0, 800);
    await putAwsDelivery({
      prefix: 'aws',
      month: '2024-09',
      execution: 'e2',
      files: [{ bytes: await fileOf(restated, 'csv.gz'), format: 'csv.gz' }],
    });
    const third = await runner.run({ trigger: 'schedule' });
    expect(await ledgerOf(third.runId)).toMatchObject([
      {
        month: '2024-09',
        status: 'succeeded',
        rows: 800,
        billed: billedOf(restated),
      },
    ]);
    expect((await martOf('aws', '2024-09')).billed).toBe(
      new Decimal(billedOf(restated)).toFixed(),
    );
  });

  it('gives the same totals from CSV, CSV.gz and Parquet of the same rows', async () => {
    const rows = [...focusRows(1500, { month: '2024-09' })];
    for (const format of ['csv', 'csv.gz', 'parquet'] as const) {
      await putAwsDelivery({
        prefix: `same-${format.replace('.', '-')}`,
        month: '2024-09',
        execution: 'e1',
        files: [{ bytes: await fileOf(rows, format), format }],
      });
    }
    const run = await runnerOf(
      ['csv', 'csv-gz', 'parquet'].map(name => ({
        key: name,
        store: s3Store(`same-${name}`),
      })),
    ).run({ trigger: 'manual' });
    expect(run.status).toBe('succeeded');
    const ledger = await ledgerOf(run.runId);
    expect(
      ledger.map(load => [load.source_key, load.rows, load.billed]),
    ).toEqual(
      ['csv', 'csv-gz', 'parquet'].map(key => [key, 1500, billedOf(rows)]),
    );
    const products = await knex('actual_price_basis')
      .groupBy('source_key')
      .orderBy('source_key')
      .select('source_key', knex.raw('sum(quantity)::text AS quantity'));
    expect(new Set(products.map(p => p.quantity)).size).toBe(1);
  });

  it('loads the latest run of an Azure export (connection string and SAS) and refuses one whose blob is shorter than its manifest says', async () => {
    const october = [...focusRows(600, { month: '2024-09' })];
    await putAzureRun({
      prefix: 'ok',
      month: '2024-09',
      run: 'run-1',
      submitted: '2024-10-02T03:00:00Z',
      files: [
        {
          bytes: await fileOf(october.slice(0, 500), 'csv'),
          rows: 500,
          format: 'csv',
        },
      ],
    });
    await putAzureRun({
      prefix: 'ok',
      month: '2024-09',
      run: 'run-2',
      submitted: '2024-10-03T03:00:00Z',
      files: [
        {
          bytes: await fileOf(october, 'parquet'),
          rows: 600,
          format: 'parquet',
        },
      ],
    });
    const viaKey = new AzureBlobStore({
      connectionString: azurite.connectionString,
      container: azurite.container,
      prefix: 'ok',
    });
    const viaSas = new AzureBlobStore({
      accountUrl: azurite.url,
      container: azurite.container,
      prefix: 'ok',
      sasToken: azurite.sasToken(),
    });
    const run = await runnerOf([
      { key: 'azure-key', store: viaKey },
      { key: 'azure-sas', store: viaSas },
    ]).run({ trigger: 'manual' });
    expect(run.status).toBe('succeeded');
    expect(
      (await ledgerOf(run.runId)).map(load => [
        load.source_key,
        load.rows,
        load.billed,
      ]),
    ).toEqual([
      ['azure-key', 600, billedOf(october)],
      ['azure-sas', 600, billedOf(october)],
    ]);

    // A run whose blob was cut at a clean line end: fewer rows than its manifest counts.
    const csv = (await fileOf(october, 'csv')).toString();
    const cut = csv.slice(0, csv.lastIndexOf('\n', csv.length / 2) + 1);
    await putAzureRun({
      prefix: 'ok',
      month: '2024-09',
      run: 'run-3',
      submitted: '2024-10-04T03:00:00Z',
      files: [{ bytes: Buffer.from(cut), rows: 600, format: 'csv' }],
    });
    const short = await runnerOf([{ key: 'azure-key', store: viaKey }]).run({
      trigger: 'manual',
    });
    expect(await ledgerOf(short.runId)).toMatchObject([
      {
        status: 'refused',
        detail: expect.stringMatching(
          /^refused: incomplete delivery: .*run-3\/part_0_0001\.csv has \d+ rows, .*manifest\.json says 600; previous data kept$/,
        ),
      },
    ]);
    // The manifest's byteCount is the whole file's: the listing's size says it is short.
    const manifestKey = (await viaKey.list())
      .map(o => o.key)
      .find(key => key.includes('run-3/manifest.json'))!;
    const manifest = JSON.parse(await viaKey.readText(manifestKey));
    manifest.blobs[0].byteCount = Buffer.byteLength(csv);
    await azurite.put(`ok/${manifestKey}`, JSON.stringify(manifest));
    const refused = await runnerOf([{ key: 'azure-key', store: viaKey }]).run({
      trigger: 'manual',
    });
    expect(refused.status).toBe('failed');
    expect(await ledgerOf(refused.runId)).toMatchObject([
      {
        status: 'refused',
        detail: expect.stringMatching(
          /^refused: incomplete delivery: .*run-3\/part_0_0001\.csv has \d+ bytes, .*manifest\.json says \d+; previous data kept$/,
        ),
      },
    ]);
    expect((await martOf('azure-key', '2024-09')).billed).toBe(
      new Decimal(billedOf(october)).toFixed(),
    );
  });

  describe('refuses or fails each bad delivery, keeping the month as it was', () => {
    const good = [...focusRows(400, { month: '2024-09' })];

    async function loadedGood(prefix: string) {
      await putAwsDelivery({
        prefix,
        month: '2024-09',
        execution: 'good',
        files: [{ bytes: await fileOf(good, 'csv.gz'), format: 'csv.gz' }],
      });
      const runner = runnerOf([{ key: prefix, store: s3Store(prefix) }]);
      expect((await runner.run({ trigger: 'manual' })).status).toBe(
        'succeeded',
      );
      return runner;
    }

    async function expectKept(prefix: string) {
      expect((await martOf(prefix, '2024-09')).billed).toBe(
        new Decimal(billedOf(good)).toFixed(),
      );
    }

    it.each([
      [
        'a CSV cut inside a field',
        async () => {
          const csv = (await fileOf(good, 'csv')).toString();
          return {
            bytes: Buffer.from(csv.slice(0, csv.length - 40)),
            format: 'csv' as const,
          };
        },
        /is cut/,
      ],
      [
        'a gzip cut half-way',
        async () => {
          const gz = await fileOf(good, 'csv.gz');
          return {
            bytes: gz.subarray(0, gz.length / 2),
            format: 'csv.gz' as const,
          };
        },
        /gzip/,
      ],
      [
        'a corrupt gzip',
        async () => {
          const gz = Buffer.from(await fileOf(good, 'csv.gz'));
          gz.fill(0x55, 20, 60);
          return { bytes: gz, format: 'csv.gz' as const };
        },
        /gzip/,
      ],
      [
        'a Parquet file cut (no footer)',
        async () => {
          const parquet = await fileOf(good, 'parquet');
          return {
            bytes: parquet.subarray(0, parquet.length - 100),
            format: 'parquet' as const,
          };
        },
        /parquet/i,
      ],
      [
        'an empty file',
        async () => ({ bytes: Buffer.alloc(0), format: 'csv' as const }),
        /is empty/,
      ],
    ])('%s: refused, naming the file', async (_, bad, why) => {
      const prefix = `bad-${Math.random().toString(36).slice(2, 8)}`;
      const runner = await loadedGood(prefix);
      await putAwsDelivery({
        prefix,
        month: '2024-09',
        execution: 'bad',
        files: [await bad()],
      });
      const run = await runner.run({ trigger: 'manual' });
      expect(run.status).toBe('failed');
      const [load] = await ledgerOf(run.runId);
      expect(load.status).toBe('refused');
      expect(load.detail).toMatch(
        /^refused: incomplete delivery: .*bad-focus-00001/,
      );
      expect(load.detail).toMatch(why);
      await expectKept(prefix);
    });

    it('a manifest naming a missing file: refused, naming it', async () => {
      const runner = await loadedGood('missing');
      await putAwsDelivery({
        prefix: 'missing',
        month: '2024-09',
        execution: 'next',
        files: [{ bytes: await fileOf(good, 'csv.gz'), format: 'csv.gz' }],
        missing: ['next-focus-00002.csv.gz'],
      });
      const run = await runner.run({ trigger: 'manual' });
      const [load] = await ledgerOf(run.runId);
      expect(load).toMatchObject({ status: 'refused' });
      expect(load.detail).toMatch(
        /lists 1 file\(s\) that are not in s3:\/\/.*\/missing\/: .*next-focus-00002\.csv\.gz/,
      );
      await expectKept('missing');
    });

    it('a required column missing: failed, naming it and the file; an extra column is accepted', async () => {
      const runner = await loadedGood('columns');
      const header = FOCUS_HEADER.filter(name => name !== 'BilledCost');
      const rows = good.map(row => row.filter((_, i) => i !== BILLED));
      const file = path.join(dir, 'no-billed.csv');
      await writeFocusCsv(file, header, rows);
      await putAwsDelivery({
        prefix: 'columns',
        month: '2024-09',
        execution: 'nobilled',
        files: [{ bytes: fs.readFileSync(file), format: 'csv' }],
      });
      const run = await runner.run({ trigger: 'manual' });
      const [load] = await ledgerOf(run.runId);
      expect(load.status).toBe('failed');
      expect(load.detail).toMatch(
        /nobilled-focus-00001\.csv \(FOCUS 1\.0\) lacks the required column\(s\) BilledCost$/,
      );
      await expectKept('columns');

      // An unknown column beside the FOCUS ones, and a cell that is no number: the row rejected.
      const extra = [...FOCUS_HEADER, 'x_CostCenter'];
      const extraRows = good.map((row, i) => [
        ...row.map((cell, j) => (i === 5 && j === BILLED ? 'abc' : cell)),
        'cc-1',
      ]);
      await writeFocusCsv(file, extra, extraRows);
      await putAwsDelivery({
        prefix: 'columns',
        month: '2024-09',
        execution: 'extra',
        files: [
          { bytes: zlib.gzipSync(fs.readFileSync(file)), format: 'csv.gz' },
        ],
      });
      const accepted = await runner.run({ trigger: 'manual' });
      expect(await ledgerOf(accepted.runId)).toMatchObject([
        { status: 'succeeded', rows: 399 },
      ]);
      const rejected = await knex('ingestion_rejected_row')
        .where({ run_id: accepted.runId })
        .select('line', 'reason');
      expect(rejected).toEqual([
        {
          line: expect.stringMatching(/extra-focus-00001\.csv\.gz:7$/),
          reason: expect.stringMatching(
            /^BilledCost: 'abc' is not a number \(.*extra-focus-00001\.csv\.gz:7\)$/,
          ),
        },
      ]);
    });
  });

  it('refuses a delivery in which an account lost its rows (a file short at a clean line end), unless forced', async () => {
    // The rows sorted by account, so that a cut at a line end drops the last account whole.
    // 900 rows: without the one-in-a-thousand cost of 12 345 678 901 234 that would be the total.
    const rows = [...focusRows(900, { month: '2024-09' })].sort((a, b) =>
      a[ACCOUNT].localeCompare(b[ACCOUNT]),
    );
    const lastAccount = rows[rows.length - 1][ACCOUNT];
    const runner = runnerOf([{ key: 'accounts', store: s3Store('accounts') }]);
    await putAwsDelivery({
      prefix: 'accounts',
      month: '2024-09',
      execution: 'e1',
      files: [{ bytes: await fileOf(rows, 'csv.gz'), format: 'csv.gz' }],
    });
    await runner.run({ trigger: 'manual' });
    const shorter = rows.filter(row => row[ACCOUNT] !== lastAccount);
    await putAwsDelivery({
      prefix: 'accounts',
      month: '2024-09',
      execution: 'e2',
      files: [{ bytes: await fileOf(shorter, 'csv.gz'), format: 'csv.gz' }],
    });
    const refused = await runner.run({ trigger: 'manual' });
    const [load] = await ledgerOf(refused.runId);
    expect(load.status).toBe('refused');
    expect(load.detail).toMatch(
      new RegExp(
        `^refused: account ${lastAccount} of aws would fall from [\\d.]+ to 0\\.00`,
      ),
    );
    expect((await martOf('accounts', '2024-09')).billed).toBe(
      new Decimal(billedOf(rows)).toFixed(),
    );
    const forced = await runner.run({ trigger: 'manual', force: true });
    expect(forced.status).toBe('succeeded');
    expect((await martOf('accounts', '2024-09')).billed).toBe(
      new Decimal(billedOf(shorter)).toFixed(),
    );
  });

  it('loads an export billed in EUR beside one in USD, each reconciled in its currency, and converts at query time', async () => {
    const usd = [...focusRows(300, { month: '2024-08' })];
    const eur = [...focusRows(300, { month: '2024-08' })].map(row =>
      row.map((cell, i) => (i === CURRENCY ? 'EUR' : cell)),
    );
    // September in EUR, from a file without BillingCurrency: the source's currency says EUR.
    const september = [...focusRows(200, { month: '2024-09' })];
    const noCurrency = path.join(dir, 'no-currency.csv');
    await writeFocusCsv(
      noCurrency,
      FOCUS_HEADER.filter((_, i) => i !== CURRENCY),
      september.map(row => row.filter((_, i) => i !== CURRENCY)),
    );
    await putAwsDelivery({
      prefix: 'usd',
      month: '2024-08',
      execution: 'e1',
      files: [{ bytes: await fileOf(usd, 'csv.gz'), format: 'csv.gz' }],
    });
    await putAzureRun({
      prefix: 'eur',
      month: '2024-08',
      run: 'r1',
      submitted: '2024-09-02T00:00:00Z',
      files: [
        { bytes: await fileOf(eur, 'parquet'), rows: 300, format: 'parquet' },
      ],
    });
    await putAzureRun({
      prefix: 'eur',
      month: '2024-09',
      run: 'r2',
      submitted: '2024-10-02T00:00:00Z',
      files: [{ bytes: fs.readFileSync(noCurrency), rows: 200, format: 'csv' }],
    });
    const run = await runnerOf([
      { key: 'usd', store: s3Store('usd') },
      {
        key: 'eur',
        currency: 'EUR',
        store: new AzureBlobStore({
          connectionString: azurite.connectionString,
          container: azurite.container,
          prefix: 'eur',
        }),
      },
    ]).run({ trigger: 'manual' });
    expect(run.status).toBe('succeeded');
    const ledger = await ledgerOf(run.runId);
    expect(ledger.map(l => [l.source_key, l.month, l.billed])).toEqual([
      ['eur', '2024-08', billedOf(eur)],
      ['eur', '2024-09', billedOf(september)],
      ['usd', '2024-08', billedOf(usd)],
    ]);
    for (const load of ledger) {
      expect(new Decimal(load.priced).toFixed(2)).toBe(
        new Decimal(load.billed).toFixed(2),
      );
    }
    expect(
      await knex('actual_price_basis')
        .distinct('source_key', 'currency')
        .orderBy('source_key'),
    ).toEqual([
      { source_key: 'eur', currency: 'EUR' },
      { source_key: 'usd', currency: 'USD' },
    ]);

    // A rate for August only: September's EUR products are unpriced in USD, never 0.
    await storeExchangeRates(knex, [
      { month: '2024-08', from: 'EUR', to: 'USD', rate: '1.1' },
    ]);
    const pricing = DatabasePricingStore.create({ knex });
    const { id } = await pricing.resolveView('actual');
    const applicationIds = (await knex('dim_application').pluck(
      'application_id',
    )) as number[];
    const costs = await DatabaseCostStore.create({ knex }).getCosts({
      applicationIds,
      viewId: id,
      from: '2024-08',
      to: '2024-09',
      granularity: 'month',
      groupBy: 'domain',
    });
    const cents = (amount: string) => new Decimal(amount).toFixed(2);
    expect(costs.rows.map(row => [row.period, row.cost])).toEqual([
      [
        '2024-08',
        cents(
          new Decimal(billedOf(usd))
            .plus(new Decimal(billedOf(eur)).times('1.1'))
            .toFixed(),
        ),
      ],
      // Unpriced: listed apart, never costed.
      ['2024-09', '0.00'],
    ]);
    expect(new Set(costs.unpriced.map(u => u.month))).toEqual(
      new Set(['2024-09']),
    );
    expect(await pricing.exchangeRates('USD', '2024-08', '2024-09')).toEqual({
      used: [{ month: '2024-08', from: 'EUR', to: 'USD', rate: '1.1' }],
      missing: [{ month: '2024-09', from: 'EUR', to: 'USD' }],
    });
  });
});
