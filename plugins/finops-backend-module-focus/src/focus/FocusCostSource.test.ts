import { CostSourceRow } from '@internal/plugin-finops-node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports -- the batch itself, a devDependency
import { validateRow } from '../../../finops-backend/src/ingestion/validateRow';
import {
  Decimal,
  FIXTURES,
  MonthTotals,
  fileTotals,
  fixtureFiles,
  readRecords,
} from '../testing/fileTotals';
import { FocusCostSource } from './FocusCostSource';

const NOW = new Date('2024-04-10T12:00:00Z');

function sourceOf(folder: string, options: { now?: Date } = {}) {
  return new FocusCostSource({
    key: `focus-${folder}`,
    folder: path.join(FIXTURES, folder),
    now: () => options.now ?? NOW,
  });
}

async function rowsOf(source: FocusCostSource, month: string) {
  const rows: CostSourceRow[] = [];
  for await (const row of source.readMonth({ month })) {
    rows.push(row);
  }
  return rows;
}

/** Sums of the rows the batch accepts, and the rows it rejects with their reasons. */
function check(rows: CostSourceRow[], month: string) {
  const sums: MonthTotals = {
    rows: 0,
    billed: new Decimal(0),
    effective: new Decimal(0),
    list: new Decimal(0),
    contracted: new Decimal(0),
  };
  const rejected: Array<{ origin?: string; reason: string }> = [];
  for (const row of rows) {
    const result = validateRow(row, month, 'DIRECT', 'USD');
    if (!result.ok) {
      rejected.push({ origin: row.origin, reason: result.reason });
      continue;
    }
    sums.rows += 1;
    sums.billed = sums.billed.plus(result.value.billed);
    sums.effective = sums.effective.plus(row.amortizedAmount ?? 0);
    sums.list = sums.list.plus(row.listAmount ?? 0);
    sums.contracted = sums.contracted.plus(row.contractedAmount ?? 0);
  }
  return { sums, rejected };
}

function plain(totals: MonthTotals | undefined) {
  return (
    totals && {
      rows: totals.rows,
      billed: totals.billed.toFixed(),
      effective: totals.effective.toFixed(),
      list: totals.list.toFixed(),
      contracted: totals.contracted.toFixed(),
    }
  );
}

describe('FocusCostSource', () => {
  it.each([
    ['spec-examples', ['2023-01']],
    ['aws-1.0', ['2024-02', '2024-03']],
    ['azure-1.2', ['2024-02', '2024-03']],
    ['messy', ['2024-02', '2024-03']],
  ])(
    'yields the rows of %s whose billed, effective, list and contracted sums are the files own',
    async (folder, months) => {
      const source = sourceOf(folder);
      const expected = fileTotals(fixtureFiles(folder));
      expect([...expected.keys()].sort()).toEqual(months);
      for (const month of months) {
        const { sums } = check(await rowsOf(source, month), month);
        expect(plain(sums)).toEqual(plain(expected.get(month)));
      }
      // No rows elsewhere.
      expect(await rowsOf(source, '2024-01')).toEqual([]);
    },
  );

  it('passes bad rows on with their file and line, for the batch to reject', async () => {
    const rows = await rowsOf(sourceOf('messy'), '2024-03');
    const { rejected } = check(rows, '2024-03');
    expect(rejected).toEqual([
      {
        origin: 'oci-focus-1.1-2024-03.csv.gz:6',
        reason: "bad number: billedAmount 'O.036'",
      },
      {
        origin: 'oci-focus-1.1-2024-03.csv.gz:7',
        reason: "bad date: '2024-03-32T00:00:00Z' is not YYYY-MM-DD",
      },
      {
        origin:
          'oci-focus-1.1-2024-03.csv.gz:14 (14 fields, the header has 32)',
        reason: 'missing column: day',
      },
    ]);
    expect(rows).toHaveLength(13);
  });

  it('reads quantities, units, categories, accounts and tags of real-looking rows', async () => {
    const rows = await rowsOf(sourceOf('messy'), '2024-03');
    const at = (line: number) =>
      rows.find(row => row.origin === `oci-focus-1.1-2024-03.csv.gz:${line}`)!;

    // NULL consumed quantity: 3 × `1000 Requests` priced; list and contracted from unit prices.
    expect(at(2)).toMatchObject({
      day: '2024-03-01',
      domainKey: 'CLOUD',
      product: {
        key: 'oci:API Gateway:B92954:eu-frankfurt-1:Requests',
        unit: 'Requests',
        provider: 'oci',
        service: 'API Gateway',
        region: 'eu-frankfurt-1',
        familyKey: 'web',
      },
      quantity: '3000',
      billedAmount: '0.0093',
      listAmount: '0.0105',
      contractedAmount: '0.0093',
      amortizedAmount: '0.0093',
      chargeCategory: 'Usage',
      pricingCategory: 'Standard',
      account: { key: 'ocid1.compartment.oc1..cart', name: 'cart' },
      resource: { key: 'ocid1.apigateway.oc1..aaaa1' },
      tags: { app: 'cart-service' },
      estimated: false,
    });
    expect(at(2).commitment).toBeUndefined();
    // `100 Hours` blocks; a date without a zone is UTC.
    expect(at(3)).toMatchObject({
      day: '2024-03-01',
      quantity: '48',
      product: { unit: 'Hours', familyKey: 'compute' },
      listAmount: '1.2',
      contractedAmount: '1.08',
    });
    // Exponent notation, exactly.
    expect(at(4)).toMatchObject({
      quantity: '300',
      billedAmount: '0.000012',
      listAmount: '0.000012',
      amortizedAmount: '0.000012',
    });
    expect(at(5)).toMatchObject({
      quantity: '33.333333333333333333',
      billedAmount: '0.8499999999999999999915',
    });
    // A tag whose value is null keeps its key.
    expect(at(8).tags).toEqual({ app: 'cart-service', team: '' });
    // Credit, tax and adjustment are money: metered in currency by the batch.
    for (const [line, category, amount] of [
      [9, 'Credit', '-2.5'],
      [10, 'Tax', '0.19'],
      [12, 'Adjustment', '0.01'],
    ] as const) {
      expect(at(line)).toMatchObject({
        chargeCategory: category,
        quantity: '',
        billedAmount: amount,
        product: { unit: 'USD' },
      });
    }
    expect(at(10).product.familyKey).toBe('tax');
    // Tags that are no JSON: the row is kept, without tags.
    expect(at(13)).toMatchObject({ tags: {}, billedAmount: '0.54' });
    // An offset moves the day to UTC.
    expect(at(15).day).toBe('2024-03-08');
  });

  it('loads a correction in the month it corrects, as a signed amount', async () => {
    const source = sourceOf('azure-1.2');
    const [correction] = await rowsOf(source, '2024-02');
    expect(correction).toMatchObject({
      day: '2024-02-20',
      quantity: '',
      billedAmount: '-0.3456',
      listAmount: '-0.384',
      product: { unit: 'USD' },
      origin: 'acme-focus-1.2-2024-03.csv:10',
    });
    expect(validateRow(correction, '2024-02', 'DIRECT', 'USD')).toMatchObject({
      ok: true,
      value: { quantity: '-0.3456', billed: '-0.3456' },
    });
  });

  it('reads FOCUS 1.0 pricing categories, commitments and monthly purchases', async () => {
    const rows = await rowsOf(sourceOf('aws-1.0'), '2024-03');
    const used = rows.find(
      row =>
        row.pricingCategory === 'Committed' && row.chargeCategory === 'Usage',
    )!;
    expect(used).toMatchObject({
      quantity: '24',
      billedAmount: '0',
      amortizedAmount: '3',
      product: { familyKey: 'database', unit: 'Hours' },
      commitment: {
        id: 'arn:aws:rds:us-east-1:333333333333:ri:ledger-db-ri',
        name: 'ledger-db-ri',
        type: 'Reserved Instance',
        category: 'Usage',
      },
    });
    const purchase = rows.find(row => row.chargeCategory === 'Purchase')!;
    expect(purchase).toMatchObject({
      day: '2024-03-01',
      quantity: '744',
      product: {
        key: 'aws:Amazon Relational Database Service:QW8XBYQ8F3UDN3XY:us-east-1:Hours:Purchase',
      },
      billedAmount: '93',
    });
    expect(
      rows.find(row => row.product.service === 'AWS Lambda'),
    ).toMatchObject({
      quantity: '2500000',
      product: { unit: 'Requests' },
    });
    expect(rows.filter(row => row.pricingCategory === 'Standard')).toHaveLength(
      6,
    );
  });

  it('marks the current month and the first days after it estimated', async () => {
    const at = (now: string) =>
      sourceOf('aws-1.0', { now: new Date(now) }).isEstimated('2024-03');
    expect(at('2024-03-20T00:00:00Z')).toBe(true);
    expect(at('2024-04-05T23:59:00Z')).toBe(true);
    expect(at('2024-04-06T00:00:00Z')).toBe(false);
    const rows = await rowsOf(
      sourceOf('aws-1.0', { now: new Date('2024-04-02T00:00:00Z') }),
      '2024-03',
    );
    expect(rows.every(row => row.estimated === true)).toBe(true);
  });

  describe('with files of its own', () => {
    let folder: string;
    beforeEach(() => {
      folder = fs.mkdtempSync(path.join(os.tmpdir(), 'focus-source-'));
    });
    afterEach(() => {
      fs.rmSync(folder, { recursive: true, force: true });
    });

    it('computes list and contracted amounts from unit prices and block sizes as the files state them', async () => {
      // The Azure file without ListCost and ContractedCost where unit prices are given gives the same amounts.
      const original = path.join(
        FIXTURES,
        'azure-1.2/acme-focus-1.2-2024-03.csv',
      );
      const records = readRecords(original);
      const header = Object.keys(records[0]);
      const quote = (text: string) => `"${text.replace(/"/g, '""')}"`;
      const derived = records.map(record => ({
        ...record,
        ListCost: record.ListUnitPrice ? 'NULL' : record.ListCost,
        ContractedCost: record.ContractedUnitPrice ? '' : record.ContractedCost,
      }));
      expect(derived.filter(record => record.ListCost === 'NULL')).toHaveLength(
        9,
      );
      fs.writeFileSync(
        path.join(folder, 'derived.csv.gz'),
        zlib.gzipSync(
          [
            header,
            ...derived.map(record =>
              header.map(name => (record as Record<string, string>)[name]),
            ),
          ]
            .map(cells => cells.map(quote).join(','))
            .join('\n'),
        ),
      );
      const source = new FocusCostSource({
        key: 'derived',
        folder,
        now: () => NOW,
      });
      const expected = fileTotals([original]);
      for (const month of ['2024-02', '2024-03']) {
        const { sums } = check(await rowsOf(source, month), month);
        expect(sums.list.toFixed()).toBe(expected.get(month)!.list.toFixed());
        expect(sums.contracted.toFixed()).toBe(
          expected.get(month)!.contracted.toFixed(),
        );
      }
    });

    it('reads a file once to learn its months, then only for the months it holds', async () => {
      const header =
        'ChargePeriodStart,BilledCost,ConsumedQuantity,ConsumedUnit,ServiceName,ProviderName';
      const write = (name: string, days: string[]) =>
        fs.writeFileSync(
          path.join(folder, name),
          [
            header,
            ...days.map(day => `${day}T00:00:00Z,1.5,1,Hours,VM,AWS`),
          ].join('\r\n'),
        );
      write('january.csv', ['2024-01-01', '2024-01-31']);
      write('february.csv', ['2024-02-01', '2024-02-29', '2024-02-10']);
      write('notes.txt', []);
      const source = new FocusCostSource({
        key: 'index',
        folder,
        now: () => NOW,
      });

      expect(await source.filesFor('2024-01')).toEqual([
        'february.csv',
        'january.csv',
      ]);
      expect(await rowsOf(source, '2024-01')).toHaveLength(2);
      expect(await source.filesFor('2024-02')).toEqual(['february.csv']);
      expect(await source.filesFor('2024-03')).toEqual([]);
      expect((await rowsOf(source, '2024-02')).map(row => row.day)).toEqual([
        '2024-02-01',
        '2024-02-29',
        '2024-02-10',
      ]);
      // A changed file is read again.
      write('january.csv', ['2024-01-01', '2024-03-01']);
      expect(await source.filesFor('2024-03')).toEqual(['january.csv']);
      expect(await rowsOf(source, '2024-03')).toHaveLength(1);
    });

    it('refuses a file that is not FOCUS, naming it', async () => {
      fs.writeFileSync(
        path.join(folder, 'weights.csv'),
        'month,entity_ref,weight\n',
      );
      const source = new FocusCostSource({
        key: 'bad',
        folder,
        now: () => NOW,
      });
      await expect(rowsOf(source, '2024-01')).rejects.toThrow(
        'weights.csv is not a FOCUS file: it has no ChargePeriodStart column',
      );
    });

    it('reports rows without any readable date once, in the file’s first month', async () => {
      fs.writeFileSync(
        path.join(folder, 'dates.csv'),
        [
          'ChargePeriodStart,BillingPeriodStart,BilledCost,ServiceName',
          '2024-01-05T00:00:00Z,2024-01-01T00:00:00Z,1,VM',
          'yesterday,NULL,2,VM',
          '2024-02-05T00:00:00Z,2024-02-01T00:00:00Z,3,VM',
        ].join('\n'),
      );
      const source = new FocusCostSource({
        key: 'dates',
        folder,
        now: () => NOW,
      });
      const january = await rowsOf(source, '2024-01');
      expect(january.map(row => [row.origin, row.day])).toEqual([
        ['dates.csv:2', '2024-01-05'],
        ['dates.csv:3', 'yesterday'],
      ]);
      expect(await rowsOf(source, '2024-02')).toHaveLength(1);
    });
  });
});
