import { CostSourceRow } from '@finops-backstage/plugin-finops-node';
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
import { FolderStore } from './storage/FolderStore';

const NOW = new Date('2024-04-10T12:00:00Z');

function sourceOf(folder: string, options: { now?: Date } = {}) {
  return new FocusCostSource({
    key: `focus-${folder}`,
    store: new FolderStore(path.join(FIXTURES, folder)),
    // The specification's examples have no BillingCurrency column.
    currency: folder === 'spec-examples' ? 'USD' : undefined,
    now: () => options.now ?? NOW,
  });
}

/** The rows of a month, read as the batch reads them: the months listed first. */
async function rowsOf(source: FocusCostSource, month: string) {
  await source.listMonths();
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
        reason:
          "BilledCost: 'O.036' is not a number (oci-focus-1.1-2024-03.csv.gz:6)",
      },
      {
        origin: 'oci-focus-1.1-2024-03.csv.gz:7',
        reason:
          "ChargePeriodStart: '2024-03-32T00:00:00Z' is not a date (oci-focus-1.1-2024-03.csv.gz:7)",
      },
      {
        origin: 'oci-focus-1.1-2024-03.csv.gz:14',
        reason:
          'malformed record: 14 fields, the header has 32 (oci-focus-1.1-2024-03.csv.gz:14)',
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
            .map(cells => `${cells.map(quote).join(',')}\n`)
            .join(''),
        ),
      );
      const source = new FocusCostSource({
        key: 'derived',
        store: new FolderStore(folder),
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

    it('lists the months its files hold, reading each file once, and then reads a month from its files only', async () => {
      const header =
        'ChargePeriodStart,BilledCost,ConsumedQuantity,ConsumedUnit,ServiceName,ProviderName,BillingCurrency';
      const write = (name: string, days: string[]) =>
        fs.writeFileSync(
          path.join(folder, name),
          `${[
            header,
            ...days.map(day => `${day}T00:00:00Z,1.5,1,Hours,VM,AWS,USD`),
          ].join('\r\n')}\r\n`,
        );
      write('january.csv', ['2024-01-01', '2024-01-31']);
      write('february.csv', ['2024-02-01', '2024-02-29', '2024-02-10']);
      write('notes.txt', []);
      const store = new FolderStore(folder);
      const fetched: string[] = [];
      const fetch = store.fetch.bind(store);
      store.fetch = async (object, options) => {
        fetched.push(object.key);
        return fetch(object, options);
      };
      const source = new FocusCostSource({
        key: 'index',
        store,
        now: () => NOW,
      });

      const months = await source.listMonths();
      expect(months.map(month => month.month)).toEqual(['2024-01', '2024-02']);
      expect(fetched.sort()).toEqual(['february.csv', 'january.csv']);
      fetched.length = 0;
      expect(await rowsOf(source, '2024-01')).toHaveLength(2);
      expect(fetched).toEqual(['january.csv']);
      expect((await rowsOf(source, '2024-02')).map(row => row.day)).toEqual([
        '2024-02-01',
        '2024-02-29',
        '2024-02-10',
      ]);

      // A changed file is read again, and the months it holds get a new stamp.
      write('january.csv', ['2024-01-01', '2024-03-01']);
      const again = await source.listMonths();
      expect(again.map(month => month.month)).toEqual([
        '2024-01',
        '2024-02',
        '2024-03',
      ]);
      expect(again[0].stamp).not.toBe(months[0].stamp);
      expect(again[1].stamp).toBe(months[1].stamp);
      expect(await rowsOf(source, '2024-03')).toHaveLength(1);
    });

    it('fails a file without the required FOCUS columns, naming them, the file and its FOCUS version', async () => {
      fs.writeFileSync(
        path.join(folder, 'weights.csv'),
        'month,entity_ref,weight\n',
      );
      fs.writeFileSync(
        path.join(folder, 'no-cost.csv'),
        'ChargePeriodStart,ChargeCategory,ConsumedQuantity,ConsumedUnit,BillingCurrency\n2024-01-01,Usage,1,Hours,USD\n',
      );
      const source = (name: string) =>
        new FocusCostSource({
          key: 'bad',
          store: new FolderStore(folder),
          pattern: name,
          now: () => NOW,
        });
      await expect(source('weights.csv').listMonths()).rejects.toThrow(
        "weights.csv (FOCUS 1.0-preview) lacks the required column(s) BilledCost, ChargePeriodStart, a quantity (ConsumedQuantity, PricingQuantity or CommitmentDiscountQuantity), BillingCurrency (or a currency in the source's config)",
      );
      await expect(source('no-cost.csv').listMonths()).rejects.toThrow(
        'no-cost.csv (FOCUS 1.0) lacks the required column(s) BilledCost',
      );
    });

    it('refuses the month of a file cut at its end, and of an empty file', async () => {
      fs.writeFileSync(
        path.join(folder, 'cut.csv'),
        'ChargePeriodStart,BilledCost,ConsumedQuantity,ConsumedUnit,BillingCurrency\n2024-01-01,1,1,Hours,USD\n2024-01-02,1,1',
      );
      const cut = new FocusCostSource({
        key: 'cut',
        store: new FolderStore(folder),
        now: () => NOW,
      });
      await expect(cut.listMonths()).rejects.toMatchObject({
        name: 'IncompleteDeliveryError',
        message: expect.stringContaining('cut.csv'),
      });
      fs.rmSync(path.join(folder, 'cut.csv'));
      fs.writeFileSync(path.join(folder, 'empty.csv'), '');
      await expect(cut.listMonths()).rejects.toMatchObject({
        name: 'IncompleteDeliveryError',
        message: expect.stringContaining('empty.csv'),
      });
    });

    it('reports rows without any readable date once, in the file’s first month, naming the column', async () => {
      fs.writeFileSync(
        path.join(folder, 'dates.csv'),
        `${[
          'ChargePeriodStart,BillingPeriodStart,BilledCost,ServiceName,PricingQuantity,PricingUnit',
          '2024-01-05T00:00:00Z,2024-01-01T00:00:00Z,1,VM,1,Hours',
          'yesterday,NULL,2,VM,1,Hours',
          '2024-02-05T00:00:00Z,2024-02-01T00:00:00Z,3,VM,1,Hours',
        ].join('\n')}\n`,
      );
      const source = new FocusCostSource({
        key: 'dates',
        store: new FolderStore(folder),
        currency: 'USD',
        now: () => NOW,
      });
      const january = await rowsOf(source, '2024-01');
      expect(january.map(row => [row.origin, row.day, row.invalid])).toEqual([
        ['dates.csv:2', '2024-01-05', undefined],
        [
          'dates.csv:3',
          '2024-01-01',
          "ChargePeriodStart: 'yesterday' is not a date (dates.csv:3)",
        ],
      ]);
      expect(await rowsOf(source, '2024-02')).toHaveLength(1);
    });
  });
});
