import {
  CostSourceRow,
  readSourceMonth,
} from '@finops-backstage/plugin-finops-node';
import Decimal from 'decimal.js';
import {
  AwsCostExplorerSource,
  AwsCostExplorerSourceOptions,
} from './AwsCostExplorerSource';
import { errorAnswer, FakeCostExplorer } from './testing/FakeCostExplorer';
import {
  ACCOUNT_NAMES,
  DATA,
  DYNAMODB,
  EC2,
  EC2_OTHER,
  fakeBill,
  PROD,
  RDS,
  S3,
  TRANSFER,
} from './testing/fakeBill';

const MONTH = '2026-03';

describe('AwsCostExplorerSource', () => {
  let fake: FakeCostExplorer;

  beforeEach(async () => {
    fake = await FakeCostExplorer.start();
    fake.usage = fakeBill(MONTH);
    fake.accountNames = ACCOUNT_NAMES;
  });

  afterEach(async () => {
    await fake.close();
  });

  function sourceWith(options: Partial<AwsCostExplorerSourceOptions> = {}) {
    return new AwsCostExplorerSource({
      key: 'aws:test',
      clientConfig: {
        endpoint: fake.endpoint,
        region: 'us-east-1',
        credentials: {
          accessKeyId: 'AKIDTEST',
          secretAccessKey: 'test-secret',
        },
      },
      retry: { maxAttempts: 3, baseDelayMs: 1 },
      now: () => new Date('2026-04-10T08:00:00Z'),
      ...options,
    });
  }

  async function read(
    source: AwsCostExplorerSource,
    month = MONTH,
  ): Promise<{ rows: CostSourceRow[]; counted: string[] }> {
    const { rows, requests: counted } = await readSourceMonth(source, month);
    return { rows, counted };
  }

  const sum = (values: Array<string | undefined>) =>
    values.reduce((total, value) => total.plus(value ?? '0'), new Decimal(0));

  it('reads every page of every account; the rows add up to the bill exactly', async () => {
    const { rows, counted } = await read(sourceWith());

    // Accounts discovered once, then per account: [SERVICE, USAGE_TYPE] and [USAGE_TYPE, TAG:app].
    const received = fake.requests.map(request => request.operation);
    expect(counted).toEqual(received);
    expect(received[0]).toBe('GetDimensionValues');
    const costRequests = fake.requestsOf('GetCostAndUsage');
    const queries = new Map<string, number>();
    for (const { body } of costRequests) {
      const query = JSON.stringify([body.Filter, body.GroupBy]);
      queries.set(query, (queries.get(query) ?? 0) + 1);
    }
    expect([...queries.keys()].map(query => JSON.parse(query))).toEqual([
      [
        { Dimensions: { Key: 'LINKED_ACCOUNT', Values: [PROD] } },
        [
          { Type: 'DIMENSION', Key: 'SERVICE' },
          { Type: 'DIMENSION', Key: 'USAGE_TYPE' },
        ],
      ],
      [
        { Dimensions: { Key: 'LINKED_ACCOUNT', Values: [PROD] } },
        [
          { Type: 'DIMENSION', Key: 'USAGE_TYPE' },
          { Type: 'TAG', Key: 'app' },
        ],
      ],
      [
        { Dimensions: { Key: 'LINKED_ACCOUNT', Values: [DATA] } },
        [
          { Type: 'DIMENSION', Key: 'SERVICE' },
          { Type: 'DIMENSION', Key: 'USAGE_TYPE' },
        ],
      ],
      [
        { Dimensions: { Key: 'LINKED_ACCOUNT', Values: [DATA] } },
        [
          { Type: 'DIMENSION', Key: 'USAGE_TYPE' },
          { Type: 'TAG', Key: 'app' },
        ],
      ],
    ]);
    // 20 groups a page. Prod: 6 (service, usage type) groups a day + tax on the 1st = 187 groups,
    // 10 pages; 9 (usage type, tag) groups a day + tax = 280 groups, 14 pages. Data: 2 groups a
    // day + tax + a credit = 64 groups, 4 pages each.
    expect([...queries.values()]).toEqual([10, 14, 4, 4]);
    expect(counted).toHaveLength(1 + 10 + 14 + 4 + 4);
    for (const { body } of costRequests) {
      expect(body.TimePeriod).toEqual({
        Start: '2026-03-01',
        End: '2026-04-01',
      });
      expect(body.Granularity).toBe('DAILY');
      expect(body.Metrics).toEqual([
        'UnblendedCost',
        'AmortizedCost',
        'UsageQuantity',
      ]);
    }
    // Each query's pages chain their tokens.
    expect(costRequests.filter(r => !r.body.NextPageToken)).toHaveLength(4);

    // The month reconciles exactly: billed, amortized, and each (account, day, service, usage type).
    expect(sum(rows.map(row => row.billedAmount)).toFixed()).toBe(
      sum(fake.usage.map(usage => usage.billed)).toFixed(),
    );
    expect(sum(rows.map(row => row.amortizedAmount)).toFixed()).toBe(
      sum(fake.usage.map(usage => usage.amortized)).toFixed(),
    );
    const byCell = (items: Array<{ key: string; value: string }>) => {
      const totals = new Map<string, string>();
      for (const { key, value } of items) {
        totals.set(
          key,
          new Decimal(totals.get(key) ?? 0).plus(value).toFixed(),
        );
      }
      return totals;
    };
    expect(
      byCell(
        rows.map(row => ({
          key: `${row.account!.key}|${row.day}|${row.product.key}`,
          value: row.billedAmount!,
        })),
      ),
    ).toEqual(
      byCell(
        fake.usage.map(usage => ({
          key: `${usage.account}|${usage.day}|aws:${usage.service}:${usage.usageType}`,
          value: usage.billed,
        })),
      ),
    );

    // Tag values: exact where a usage type belongs to one service.
    const day = rows.filter(row => row.day === '2026-03-02');
    const m5 = day.filter(
      row => row.product.key === `aws:${EC2}:BoxUsage:m5.large`,
    );
    expect(
      m5.map(row => [
        row.tags,
        row.quantity,
        row.billedAmount,
        row.amortizedAmount,
      ]),
    ).toEqual([
      [{ app: '' }, '12', '1.152', '0.975'],
      [{ app: 'checkout' }, '48', '4.608', '3.9'],
      [{ app: 'search' }, '24', '2.304', '1.95'],
    ]);
    expect(m5[0]).toMatchObject({
      domainKey: 'CLOUD',
      account: { key: PROD, name: 'acme-prod' },
      currency: 'USD',
      estimated: false,
      chargeCategory: 'Usage',
      product: {
        unit: 'Hrs',
        provider: 'aws',
        service: EC2,
        familyKey: 'compute',
        attributes: { usageType: 'BoxUsage:m5.large' },
      },
    });
    // A usage type two services bill: each service's figure is split in the tag query's proportions.
    const transfer = day.filter(
      row => row.product.attributes?.usageType === TRANSFER,
    );
    expect(transfer.map(row => [row.product.service, row.tags.app])).toEqual([
      [S3, ''],
      [S3, 'checkout'],
      [S3, 'search'],
      [EC2_OTHER, ''],
      [EC2_OTHER, 'checkout'],
      [EC2_OTHER, 'search'],
    ]);
    for (const service of [EC2_OTHER, S3]) {
      const billed = fake.usage
        .filter(
          u =>
            u.day === '2026-03-02' &&
            u.service === service &&
            u.usageType === TRANSFER,
        )
        .map(u => u.billed);
      expect(
        sum(
          transfer
            .filter(row => row.product.service === service)
            .map(row => row.billedAmount),
        ).toFixed(),
      ).toBe(sum(billed).toFixed());
    }
    expect(transfer.every(row => row.product.familyKey === 'network')).toBe(
      true,
    );

    // Tax: no quantity, the amount is loaded; spot is Dynamic; the credit nets into its usage type.
    const tax = rows.filter(row => row.product.service === 'Tax');
    expect(
      tax.map(row => [
        row.day,
        row.quantity,
        row.billedAmount,
        row.chargeCategory,
      ]),
    ).toEqual([
      ['2026-03-01', '0', '123.45', 'Tax'],
      ['2026-03-01', '0', '7.89', 'Tax'],
    ]);
    expect(
      rows
        .filter(row => row.product.key.endsWith('SpotUsage:c5.xlarge'))
        .every(
          row => row.pricingCategory === 'Dynamic' && row.tags.app === 'batch',
        ),
    ).toBe(true);
    const credit = rows.filter(
      row => row.product.service === 'AWS Support (Business)',
    );
    expect(credit).toMatchObject([
      { quantity: '0', billedAmount: '-2.5', chargeCategory: 'Credit' },
    ]);
    expect(
      sum(
        rows
          .filter(
            row =>
              row.day === '2026-03-15' &&
              row.product.key === `aws:${EC2}:BoxUsage:m5.large`,
          )
          .map(row => row.billedAmount),
      ).toFixed(),
    ).toBe('3.064');
  });

  it('splits what one tag key leaves untagged by the next one', async () => {
    const source = sourceWith({
      tagKeys: ['app', 'team'],
      accounts: [{ id: DATA, name: 'acme-data' }],
    });
    const { rows, counted } = await read(source);
    expect(fake.requestsOf('GetDimensionValues')).toHaveLength(0);
    const filters = fake
      .requestsOf('GetCostAndUsage')
      .map(r => JSON.stringify([r.body.Filter, r.body.GroupBy]));
    expect([...new Set(filters)].map(f => JSON.parse(f))).toEqual([
      [
        { Dimensions: { Key: 'LINKED_ACCOUNT', Values: [DATA] } },
        [
          { Type: 'DIMENSION', Key: 'SERVICE' },
          { Type: 'DIMENSION', Key: 'USAGE_TYPE' },
        ],
      ],
      [
        { Dimensions: { Key: 'LINKED_ACCOUNT', Values: [DATA] } },
        [
          { Type: 'DIMENSION', Key: 'USAGE_TYPE' },
          { Type: 'TAG', Key: 'app' },
        ],
      ],
      [
        {
          And: [
            { Dimensions: { Key: 'LINKED_ACCOUNT', Values: [DATA] } },
            { Tags: { Key: 'app', MatchOptions: ['ABSENT'] } },
          ],
        },
        [
          { Type: 'DIMENSION', Key: 'USAGE_TYPE' },
          { Type: 'TAG', Key: 'team' },
        ],
      ],
    ]);
    // requests = Σ over accounts and queries of pages: 4 + 4 + 2 (what `app` leaves untagged is smaller).
    expect(counted).toHaveLength(10);
    const march2 = rows.filter(row => row.day === '2026-03-02');
    expect(
      march2.map(row => [row.product.service, row.tags, row.billedAmount]),
    ).toEqual([
      [DYNAMODB, { app: '', team: 'data' }, '0.125'],
      [RDS, { app: 'ledger' }, '6'],
    ]);
    expect(sum(rows.map(row => row.billedAmount)).toFixed()).toBe(
      sum(
        fake.usage.filter(u => u.account === DATA).map(u => u.billed),
      ).toFixed(),
    );
  });

  it('marks the days Cost Explorer estimates, and reads the current month through yesterday', async () => {
    fake.estimatedFrom = '2026-03-18';
    const source = sourceWith({
      accounts: [{ id: DATA }],
      now: () => new Date('2026-03-20T08:00:00Z'),
    });
    const { rows } = await read(source);
    expect(fake.requestsOf('GetCostAndUsage')[0].body.TimePeriod).toEqual({
      Start: '2026-03-01',
      End: '2026-03-20',
    });
    expect(rows.at(-1)!.day).toBe('2026-03-19');
    expect(rows.filter(row => row.estimated).map(row => row.day)).toEqual([
      '2026-03-18',
      '2026-03-18',
      '2026-03-19',
      '2026-03-19',
    ]);

    // On the 1st of a month there is no complete day yet, and a future month has none: no request.
    fake.requests.length = 0;
    const early = sourceWith({ now: () => new Date('2026-03-01T08:00:00Z') });
    expect((await read(early)).rows).toEqual([]);
    expect((await read(source, '2026-05')).rows).toEqual([]);
    expect(fake.requests).toHaveLength(0);
  });

  it('backs off on throttling and server errors, counting every try', async () => {
    const source = sourceWith({
      accounts: [{ id: DATA }],
      retry: { maxAttempts: 5, baseDelayMs: 1 },
    });
    const { rows: clean } = await read(
      sourceWith({ accounts: [{ id: DATA }] }),
    );
    fake.requests.length = 0;
    // The first page twice throttled.
    fake.failNext(errorAnswer(400, 'LimitExceededException', 'Rate exceeded'), {
      operation: 'GetCostAndUsage',
      times: 2,
    });
    const { rows, counted } = await read(source);
    expect(rows).toEqual(clean);
    expect(counted).toEqual(fake.requests.map(r => r.operation));
    expect(counted).toHaveLength(8 + 2);

    // Then a 500, a 503 and a throttling answer in a row.
    fake.requests.length = 0;
    fake.failNext(errorAnswer(500, 'InternalServerError', 'oops'));
    fake.failNext({ status: 503, body: { message: 'Service Unavailable' } });
    fake.failNext(errorAnswer(400, 'ThrottlingException', 'slow down'));
    const again = await read(source);
    expect(again.rows).toEqual(clean);
    expect(again.counted).toHaveLength(8 + 3);
    // A retried page is the same request again.
    expect(fake.requests[0].body).toEqual(fake.requests[3].body);
  });

  it('gives up after the configured number of tries with a clear error', async () => {
    const source = sourceWith({ accounts: [{ id: DATA }] });
    fake.failNext(errorAnswer(400, 'LimitExceededException', 'Rate exceeded'), {
      times: 10,
    });
    const counted: string[] = [];
    await expect(async () => {
      for await (const _ of source.readMonth({
        month: MONTH,
        countRequest: op => counted.push(op),
      })) {
        // reading
      }
    }).rejects.toThrow(
      'AWS Cost Explorer GetCostAndUsage gave up after 3 tries: LimitExceededException (HTTP 400): Rate exceeded',
    );
    expect(counted).toEqual([
      'GetCostAndUsage',
      'GetCostAndUsage',
      'GetCostAndUsage',
    ]);
    expect(fake.requests).toHaveLength(3);
  });

  it('does not retry a permanent error', async () => {
    fake.failNext(
      errorAnswer(
        400,
        'AccessDeniedException',
        'User is not authorized to perform: ce:GetDimensionValues',
      ),
    );
    await expect(read(sourceWith())).rejects.toThrow(
      'AWS Cost Explorer GetDimensionValues failed: AccessDeniedException (HTTP 400): User is not authorized',
    );
    expect(fake.requests).toHaveLength(1);
  });
});
