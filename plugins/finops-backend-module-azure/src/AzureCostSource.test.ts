import { ClientSecretCredential } from '@azure/identity';
import {
  CostSourceRow,
  readSourceMonth,
} from '@finops-backstage/plugin-finops-node';
import Decimal from 'decimal.js';
import { AzureCostSource, AzureCostSourceOptions } from './AzureCostSource';
import { FakeAzureServer } from './testing/FakeAzureServer';
import {
  OTHER_SUBSCRIPTION,
  RESERVED_METER,
  STORAGE_METER,
  SUBSCRIPTION,
  VM_METER,
  fakeMonthOfUsage,
  totalOf,
} from './testing/fakeUsage';

jest.setTimeout(30_000);

const MONTH = '2026-10';
const QPU_HEADER = 'x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after';
const ENTITY_HEADER =
  'x-ms-ratelimit-microsoft.costmanagement-entity-retry-after';

describe('AzureCostSource against a local Cost Management', () => {
  let server: FakeAzureServer;

  beforeAll(async () => {
    server = await FakeAzureServer.start();
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.requests.length = 0;
    server.faults.length = 0;
    server.usage = fakeMonthOfUsage(MONTH);
    server.pageSize = 25;
  });

  function source(options: Partial<AzureCostSourceOptions> = {}) {
    const tlsOptions = { ca: server.ca };
    return new AzureCostSource({
      key: 'azure:prod',
      scope: `/subscriptions/${SUBSCRIPTION}`,
      accountName: 'Production',
      // The real credential: OpenID metadata and a client-credentials token from the local authority.
      credential: new ClientSecretCredential(
        'tenant-1',
        'client-1',
        'test-secret',
        {
          authorityHost: server.url,
          disableInstanceDiscovery: true,
          tlsOptions,
        },
      ),
      endpoint: server.url,
      clientOptions: { tlsOptions },
      retryDelayMs: 10,
      maxAttempts: 3,
      now: () => new Date('2026-11-03T08:00:00Z'),
      ...options,
    });
  }

  const read = (azure: AzureCostSource, month = MONTH) =>
    readSourceMonth(azure, month);

  const sum = (rows: CostSourceRow[], field: keyof CostSourceRow) =>
    rows
      .reduce(
        (total, row) => total.plus((row[field] as string) ?? 0),
        new Decimal(0),
      )
      .toFixed();

  it('reads every page of the daily ActualCost and AmortizedCost queries, exact to the last digit', async () => {
    const { rows, requests } = await read(source());

    // 31 days × 5 (day, meter, tag) cells = 155 rows + the purchase: 7 pages of 25 per cost
    // type, then one page per meter attribute.
    const queries = server.queries;
    const pages = (type: string, daily: boolean) =>
      queries.filter(
        q =>
          q.body.type === type &&
          (q.body.dataset.granularity === 'Daily') === daily,
      );
    expect(pages('ActualCost', true)).toHaveLength(7);
    expect(pages('AmortizedCost', true)).toHaveLength(7);
    expect(pages('ActualCost', false)).toHaveLength(4);
    expect(queries).toHaveLength(18);
    expect(requests).toEqual(Array(18).fill('Query'));
    expect(server.tokenRequests).toBeGreaterThanOrEqual(1);
    expect(
      queries.every(q => q.authorization === 'Bearer fake-access-token'),
    ).toBe(true);

    // The first page through the SDK's operation, the next ones to the nextLink, same body.
    const [first, second] = pages('ActualCost', true);
    expect(first.path).toBe(
      `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.CostManagement/query`,
    );
    expect(first.query.get('api-version')).toBe('2022-10-01');
    expect(first.query.get('$skiptoken')).toBeNull();
    expect(second.query.get('$skiptoken')).toBe(
      Buffer.from('25').toString('base64'),
    );
    expect(second.body).toEqual(first.body);
    expect(first.body).toEqual({
      type: 'ActualCost',
      timeframe: 'Custom',
      timePeriod: {
        from: '2026-10-01T00:00:00.000Z',
        to: '2026-10-31T23:59:59.000Z',
      },
      dataset: {
        granularity: 'Daily',
        aggregation: {
          totalCost: { name: 'Cost', function: 'Sum' },
          totalQuantity: { name: 'UsageQuantity', function: 'Sum' },
        },
        grouping: [
          { type: 'Dimension', name: 'MeterId' },
          { type: 'TagKey', name: 'app' },
        ],
      },
    });
    expect(
      pages('ActualCost', false).map(q => q.body.dataset.grouping[1].name),
    ).toEqual(['Meter', 'ServiceName', 'ResourceLocation', 'UnitOfMeasure']);

    // Every cell of both queries is a row; the totals are the fake bill's, digit for digit.
    expect(rows).toHaveLength(31 * 5 + 1);
    const usage = server.usage;
    expect(sum(rows, 'billedAmount')).toBe(totalOf(usage, 'cost'));
    expect(sum(rows, 'amortizedAmount')).toBe(totalOf(usage, 'amortizedCost'));
    expect(totalOf(usage, 'amortizedCost')).toMatch(/\.\d{16,}$/);

    const storage = rows.find(
      row =>
        row.product.key === `azure:${STORAGE_METER}` &&
        row.day === '2026-10-02',
    );
    expect(storage).toEqual({
      day: '2026-10-02',
      domainKey: 'CLOUD',
      product: {
        key: `azure:${STORAGE_METER}`,
        name: 'Hot LRS Data Stored',
        unit: '1 GB/Month',
        provider: 'azure',
        service: 'Storage',
        region: 'westeurope',
        familyKey: 'storage',
        attributes: { meterId: STORAGE_METER },
      },
      account: { key: SUBSCRIPTION, name: 'Production' },
      tags: { app: 'cart-service' },
      quantity: '1235.5678901234567',
      billedAmount: new Decimal('1235.5678901234567')
        .times('0.000593548387096774')
        .toFixed(),
      currency: 'USD',
      amortizedAmount: new Decimal('1235.5678901234567')
        .times('0.000593548387096774')
        .toFixed(),
      estimated: true,
      origin: `azure:prod:2026-10-02:${STORAGE_METER}:cart-service`,
    });
    // Two untagged usage lines of a day are one row, summed by the API.
    const untagged = rows.filter(
      row =>
        row.product.key === `azure:${VM_METER}` &&
        row.day === '2026-10-05' &&
        !row.tags.app,
    );
    expect(untagged).toEqual([
      expect.objectContaining({
        quantity: '5.75',
        billedAmount: '1.104',
        tags: {},
      }),
    ]);
    // Covered by a reservation: nothing billed, the amortized cost carries it.
    expect(
      rows.find(row => row.product.key === `azure:${RESERVED_METER}`),
    ).toEqual(
      expect.objectContaining({
        quantity: '24',
        billedAmount: '0',
        amortizedAmount: '7.123456789012345678',
        product: expect.objectContaining({
          region: 'northeurope',
          unit: '1 Hour',
        }),
      }),
    );
    // The reservation purchase has no meter: its amount is its quantity.
    expect(
      rows.find(row => row.product.key === 'azure:unmetered:Reservations'),
    ).toEqual(
      expect.objectContaining({
        day: '2026-10-01',
        quantity: '2650.01',
        billedAmount: '2650.01',
        amortizedAmount: '0',
        product: expect.objectContaining({
          unit: 'USD',
          service: 'Reservations',
        }),
      }),
    );
  });

  it('marks the current month estimated, and the previous one until the configured day', async () => {
    const after = source({ now: () => new Date('2026-11-06T00:00:00Z') });
    expect((await read(after)).rows.every(row => row.estimated === false)).toBe(
      true,
    );
    const late = source({
      now: () => new Date('2026-11-06T00:00:00Z'),
      finalAfterDay: 8,
    });
    expect((await read(late)).rows.every(row => row.estimated === true)).toBe(
      true,
    );
    const current = source({ now: () => new Date('2026-10-20T00:00:00Z') });
    expect(
      (await read(current)).rows.every(row => row.estimated === true),
    ).toBe(true);
  });

  it('waits on 429 as the Cost Management headers say, and counts the retried requests', async () => {
    server.faults.push(
      {
        status: 429,
        code: '429',
        message: 'Too many requests',
        headers: { [QPU_HEADER]: '1' },
      },
      {
        status: 429,
        code: '429',
        message: 'Too many requests',
        headers: { [ENTITY_HEADER]: '0.4' },
      },
    );
    const { rows, requests } = await read(
      source({ amortized: false, maxAttempts: 3 }),
    );

    const [throttled, again, third] = server.queries;
    expect(again.at - throttled.at).toBeGreaterThanOrEqual(1000);
    expect(again.at - throttled.at).toBeLessThan(1800);
    expect(third.at - again.at).toBeGreaterThanOrEqual(400);
    expect(third.body).toEqual(throttled.body);
    expect(third.query.get('$skiptoken')).toBeNull();
    // 2 throttled + 7 daily pages + 4 meter attributes.
    expect(requests).toHaveLength(13);
    expect(server.queries).toHaveLength(13);
    expect(sum(rows, 'billedAmount')).toBe(totalOf(server.usage, 'cost'));
  });

  it('retries a 5xx with back-off, and honours retry-after on a page after the first', async () => {
    server.pageSize = 100;
    server.faults.push(
      { status: 503, code: 'ServiceUnavailable', message: 'Try later' },
      {
        status: 429,
        headers: { 'retry-after': '1' },
        when: request => request.query.get('$skiptoken') !== null,
      },
    );
    const { rows, requests } = await read(source({ amortized: false }));
    const queries = server.queries;
    const skipTokens = queries.map(q => q.query.get('$skiptoken'));
    const secondPage = Buffer.from('100').toString('base64');
    // 503, page 1, 429 on page 2, page 2 again, then the 4 meter attributes.
    expect(skipTokens).toEqual([
      null,
      null,
      secondPage,
      secondPage,
      null,
      null,
      null,
      null,
    ]);
    expect(requests).toHaveLength(8);
    expect(queries[1].at - queries[0].at).toBeGreaterThanOrEqual(10);
    expect(queries[3].at - queries[2].at).toBeGreaterThanOrEqual(1000);
    expect(queries[3].body).toEqual(queries[0].body);
    expect(rows).toHaveLength(31 * 5 + 1);
    expect(sum(rows, 'billedAmount')).toBe(totalOf(server.usage, 'cost'));
  });

  it('gives up after the configured tries with a clear error', async () => {
    for (let i = 0; i < 3; i += 1) {
      server.faults.push({
        status: 429,
        code: '429',
        message: 'Too many requests. Please retry.',
        headers: { [QPU_HEADER]: '0' },
      });
    }
    const requests: string[] = [];
    await expect(async () => {
      for await (const _ of source({ maxAttempts: 3 }).readMonth({
        month: MONTH,
        countRequest: op => requests.push(op),
      })) {
        // read on
      }
    }).rejects.toThrow(
      `Azure Cost Management query ActualCost daily 2026-10 of /subscriptions/${SUBSCRIPTION} gave up after 3 attempt(s): last answer HTTP 429 (429: Too many requests. Please retry.)`,
    );
    expect(requests).toHaveLength(3);
  });

  it("fails at once on a permanent error, with the API's code and message", async () => {
    server.faults.push({
      status: 403,
      code: 'RBACAccessDenied',
      message: 'The client does not have authorization to perform action.',
    });
    await expect(read(source())).rejects.toThrow(
      'failed: HTTP 403 (RBACAccessDenied: The client does not have authorization to perform action.)',
    );
    expect(server.queries).toHaveLength(1);
  });

  it('on a billing scope, groups by subscription and maps rows to their subscription', async () => {
    const billing = '/providers/Microsoft.Billing/billingAccounts/1234567';
    const { rows } = await read(source({ key: 'azure:ea', scope: billing }));
    const first = server.queries[0];
    expect(first.path).toBe(
      `${billing}/providers/Microsoft.CostManagement/query`,
    );
    expect(first.body.dataset.grouping).toEqual([
      { type: 'Dimension', name: 'MeterId' },
      { type: 'Dimension', name: 'SubscriptionId' },
    ]);
    expect(new Set(rows.map(row => row.account?.key))).toEqual(
      new Set([SUBSCRIPTION, OTHER_SUBSCRIPTION]),
    );
    expect(rows.every(row => Object.keys(row.tags).length === 0)).toBe(true);
    expect(sum(rows, 'billedAmount')).toBe(
      new Decimal(totalOf(server.usage, 'cost'))
        .plus(totalOf(server.usage, 'cost', OTHER_SUBSCRIPTION))
        .toFixed(),
    );
  });
});
