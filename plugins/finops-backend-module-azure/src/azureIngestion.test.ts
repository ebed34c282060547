import { ClientSecretCredential } from '@azure/identity';
import { TestDatabases } from '@backstage/backend-test-utils';
import Decimal from 'decimal.js';
// The batch's internals are not exported: the test runs the real batch from its sources.
/* eslint-disable @backstage/no-relative-monorepo-imports */
import { migrateMart } from '../../finops-backend/src/database/operations/migrateMart';
import {
  testComponent,
  testRunner,
} from '../../finops-backend/src/ingestion/__testUtils__/testRunner';
/* eslint-enable @backstage/no-relative-monorepo-imports */
import { AzureCostSource } from './AzureCostSource';
import { FakeAzureServer } from './testing/FakeAzureServer';
import { SUBSCRIPTION, fakeMonthOfUsage, totalOf } from './testing/fakeUsage';

jest.setTimeout(120_000);

const MONTH = '2026-10';
const COMPONENTS = [
  testComponent('cart-service', 'checkout-team'),
  testComponent('ledger-service', 'payments-team'),
];

describe('the Azure source through the batch', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });
  let server: FakeAzureServer;
  let knex: Awaited<ReturnType<typeof databases.init>>;

  beforeAll(async () => {
    server = await FakeAzureServer.start();
  });
  afterAll(async () => {
    await server.close();
  });

  /** Cost of the month in a pricing view, rounded to the cent, and what the fact table holds. */
  async function monthIn(viewKey: string) {
    const { rows } = await knex.raw(
      `SELECT round(sum(f.quantity * r.unit_price), 2)::text AS cost,
              count(*)::int AS rows, array_agg(DISTINCT f.run_id) AS runs
         FROM fact_consumption f
         JOIN pricing_view v ON v.view_key = ? AND v.deleted_at IS NULL
         JOIN pricing_rule r ON r.pricing_view_id = v.pricing_view_id
          AND r.product_id = f.product_id AND r.valid_from = f.period_month
        WHERE f.period_month = ? AND f.source_key = 'azure:prod'`,
      [viewKey, `${MONTH}-01`],
    );
    return rows[0] as { cost: string | null; rows: number; runs: number[] };
  }

  it('loads a month idempotently, reconciles with the bill to the cent, and keeps it when Azure gives up', async () => {
    knex = await databases.init('POSTGRES_18');
    await migrateMart(knex);
    server.usage = fakeMonthOfUsage(MONTH);
    server.pageSize = 40;
    const tlsOptions = { ca: server.ca };
    const source = new AzureCostSource({
      key: 'azure:prod',
      scope: `/subscriptions/${SUBSCRIPTION}`,
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
      maxAttempts: 3,
      retryDelayMs: 10,
      now: () => new Date('2026-11-10T08:00:00Z'),
    });
    const runner = testRunner(knex, {
      sources: [source],
      components: COMPONENTS,
      now: '2026-11-10T08:00:00Z',
    });
    const billed = new Decimal(totalOf(server.usage, 'cost')).toFixed(2);
    const amortized = new Decimal(
      totalOf(server.usage, 'amortizedCost'),
    ).toFixed(2);

    const first = await runner.run({ trigger: 'manual', months: [MONTH] });
    expect(first.status).toBe('succeeded');
    // 156 rows, 40 a page: 4 pages of ActualCost, 4 of AmortizedCost, 4 meter attributes.
    expect(server.queries).toHaveLength(12);
    const ledger = await knex('ingestion_load')
      .where({ run_id: first.runId })
      .select(
        'domain_key',
        'status',
        'rows_read',
        'rows_loaded',
        'rows_rejected',
        'requests',
        'is_final',
      );
    expect(ledger).toEqual([
      {
        domain_key: 'CLOUD',
        status: 'succeeded',
        rows_read: '156',
        rows_loaded: '156',
        rows_rejected: '0',
        requests: 12,
        is_final: true,
      },
    ]);

    const actualAfterFirst = await monthIn('actual');
    expect(actualAfterFirst.cost).toBe(billed);
    expect(actualAfterFirst.rows).toBe(156);
    const amortizedAfterFirst = await monthIn('amortized');
    expect(amortizedAfterFirst.cost).toBe(amortized);
    expect(amortized).not.toBe(billed);

    // Tagged rows reach their components; untagged ones and the purchase stay unallocated.
    const { rows: byApp } = await knex.raw(
      `SELECT a.application_key, count(*)::int AS rows FROM fact_consumption f
         JOIN dim_application a USING (application_id) GROUP BY 1 ORDER BY 1`,
    );
    expect(byApp).toEqual([
      { application_key: 'component:default/cart-service', rows: 62 },
      { application_key: 'component:default/ledger-service', rows: 62 },
      { application_key: 'unallocated', rows: 32 },
    ]);

    // Twice: same totals, the same rows kept as the first run wrote them.
    server.requests.length = 0;
    const second = await runner.run({ trigger: 'manual', months: [MONTH] });
    expect(second.status).toBe('succeeded');
    const actualAfterSecond = await monthIn('actual');
    expect(actualAfterSecond).toEqual(actualAfterFirst);
    expect(actualAfterFirst.runs).toEqual([String(first.runId)]);
    expect(await monthIn('amortized')).toEqual(amortizedAfterFirst);

    // Azure throttles past the tries: the load fails, the month stays as it was.
    server.requests.length = 0;
    for (let i = 0; i < 3; i += 1) {
      server.faults.push({
        status: 429,
        headers: {
          'x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after': '0',
        },
        when: request => request.body.type === 'AmortizedCost',
      });
    }
    const third = await runner.run({ trigger: 'manual', months: [MONTH] });
    expect(third.status).toBe('failed');
    expect(third.loads).toEqual([
      expect.objectContaining({
        status: 'failed',
        detail: expect.stringContaining(
          'gave up after 3 attempt(s): last answer HTTP 429',
        ),
      }),
    ]);
    expect(server.queries).toHaveLength(4 + 3);
    expect(await monthIn('actual')).toEqual(actualAfterSecond);
    expect((await monthIn('amortized')).cost).toBe(amortized);
  });
});
