import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import Decimal from 'decimal.js';
// The backend plugin (a devDependency) exports neither its batch nor its schema, and the lint
// rules forbid deep package imports: this test reaches them through their source files.
/* eslint-disable @backstage/no-relative-monorepo-imports */
import { migrateMart } from '../../finops-backend/src/database/operations/migrateMart';
import { DatabaseIngestionStore } from '../../finops-backend/src/ingestion/DatabaseIngestionStore';
import { IngestionRunner } from '../../finops-backend/src/ingestion/IngestionRunner';
import { syncApplications } from '../../finops-backend/src/ingestion/operations/syncApplications';
/* eslint-enable @backstage/no-relative-monorepo-imports */
import { AwsCostExplorerSource } from './AwsCostExplorerSource';
import { commitmentAnswers } from './testing/commitmentAnswers';
import { errorAnswer, FakeCostExplorer } from './testing/FakeCostExplorer';
import { ACCOUNT_NAMES, DATA, EC2, fakeBill } from './testing/fakeBill';

jest.setTimeout(120_000);

const MONTH = '2026-03';
const COMPONENTS = ['checkout', 'search', 'ledger'].map(name => ({
  entityRef: `component:default/${name}`,
  ownerRef: 'group:default/team-a',
  name,
  tagSelectors: [`app=${name}`],
  accountKeys: name === 'ledger' ? [DATA] : [],
}));

describe('the AWS Cost Explorer source through the batch', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });
  let knex: Awaited<ReturnType<TestDatabases['init']>>;
  let fake: FakeCostExplorer;

  beforeAll(async () => {
    knex = await databases.init('POSTGRES_18');
    await migrateMart(knex);
  });

  beforeEach(async () => {
    fake = await FakeCostExplorer.start();
    fake.usage = fakeBill(MONTH);
    fake.accountNames = ACCOUNT_NAMES;
    fake.answers = commitmentAnswers();
  });

  afterEach(async () => {
    await fake.close();
  });

  function runner() {
    const source = new AwsCostExplorerSource({
      key: 'aws:test',
      clientConfig: {
        endpoint: fake.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
      },
      retry: { maxAttempts: 3, baseDelayMs: 1 },
      now: () => new Date('2026-04-10T08:00:00Z'),
    });
    return new IngestionRunner({
      store: DatabaseIngestionStore.create({ knex }),
      logger: mockServices.logger.mock(),
      sources: [source],
      readApplications: () => syncApplications(knex, COMPONENTS),
      guards: { rejectThreshold: 0.05, dropThreshold: 0.5 },
      now: () => new Date('2026-04-10T08:00:00Z'),
    });
  }

  /** The month's cost in a pricing view: Σ quantity × the view's unit price. */
  async function costIn(viewKey: string): Promise<string> {
    const { rows } = await knex.raw(
      `SELECT round(sum(f.quantity * r.unit_price), 2)::text AS cost, count(*)::int AS rows
         FROM fact_consumption f
         JOIN pricing_view v ON v.view_key = ?
         JOIN pricing_rule r ON r.pricing_view_id = v.pricing_view_id
          AND r.product_id = f.product_id AND r.valid_from = f.period_month
        WHERE f.period_month = ? AND f.source_key = 'aws:test'`,
      [viewKey, `${MONTH}-01`],
    );
    return rows[0].cost;
  }

  async function factRows(): Promise<number> {
    const [{ rows }] = await knex('fact_consumption')
      .where({ source_key: 'aws:test', period_month: `${MONTH}-01` })
      .count({ rows: '*' });
    return Number(rows);
  }

  const billed = (field: 'billed' | 'amortized') =>
    fakeBill(MONTH)
      .reduce((total, usage) => total.plus(usage[field]), new Decimal(0))
      .toFixed(2);

  it('loads a month that reconciles to the cent, idempotently; a run that gives up keeps it', async () => {
    const first = await runner().run({ trigger: 'manual', months: [MONTH] });
    expect(first.status).toBe('succeeded');
    expect(first.loads.every(load => load.rowsRejected === 0)).toBe(true);

    // Actual cost = the bill, to the cent; amortized likewise, in the view the batch made for it.
    expect(await costIn('actual')).toBe(billed('billed'));
    expect(await costIn('amortized')).toBe(billed('amortized'));
    const rows = await factRows();
    expect(rows).toBeGreaterThan(0);

    // Requests in the ledger: 1 GetDimensionValues + 10 + 14 + 4 + 4 GetCostAndUsage pages for the
    // rows; 2 + 1 + 1 + 1 for the commitment figures of a past month.
    const loads = await knex('ingestion_load')
      .where({ run_id: first.runId })
      .orderBy('load_id')
      .select('domain_key', 'status', 'requests', 'is_final', 'detail');
    expect(loads).toEqual([
      expect.objectContaining({
        domain_key: 'CLOUD',
        status: 'succeeded',
        requests: 33,
        is_final: true,
      }),
      expect.objectContaining({
        domain_key: null,
        status: 'succeeded',
        requests: 5,
      }),
    ]);
    expect(fake.requests).toHaveLength(38);

    // Tagged usage lands on its component, untagged data-account usage on the account's owner.
    const { rows: byApp } = await knex.raw(
      `SELECT a.application_key AS app, sum(f.quantity)::text AS hours
         FROM fact_consumption f
         JOIN dim_application a USING (application_id)
         JOIN dim_product p USING (product_id)
        WHERE p.product_key = ? GROUP BY 1 ORDER BY 1`,
      [`aws:test/aws:${EC2}:BoxUsage:m5.large`],
    );
    expect(byApp).toEqual([
      { app: expect.stringContaining('checkout'), hours: '1488' },
      { app: expect.stringContaining('search'), hours: '744' },
      { app: 'unallocated', hours: '372' },
    ]);

    // The commitment figures are stored with their exact values.
    const insights = await knex('commitment_insight as i')
      .join('commitment_insight_figure as f', 'f.insight_id', 'i.insight_id')
      .where({ 'i.source_key': 'aws:test' })
      .select(
        'i.kind',
        'i.commitment_type',
        'i.instance_type',
        'f.name',
        knex.raw('f.value::text AS value'),
      );
    expect(
      new Set(insights.map(i => `${i.kind} ${i.commitment_type}`)),
    ).toEqual(
      new Set([
        'coverage reservation',
        'utilization reservation',
        'coverage savings_plan',
        'utilization savings_plan',
      ]),
    );
    expect(insights).toContainEqual({
      kind: 'coverage',
      commitment_type: 'reservation',
      instance_type: 'm5.large',
      name: 'coveragePercent',
      value: '66.6666666667',
    });

    // Run twice: the same totals and rows, kept as the first run wrote them.
    const second = await runner().run({ trigger: 'manual', months: [MONTH] });
    expect(second.status).toBe('succeeded');
    expect(await costIn('actual')).toBe(billed('billed'));
    expect(await costIn('amortized')).toBe(billed('amortized'));
    expect(await factRows()).toBe(rows);
    const [{ runs }] = await knex('fact_consumption')
      .where({ source_key: 'aws:test' })
      .select(knex.raw('array_agg(DISTINCT run_id) AS runs'));
    expect(runs.map(Number)).toEqual([first.runId]);

    // A run throttled until it gives up fails the month and leaves the loaded data as it was.
    fake.failNext(errorAnswer(400, 'LimitExceededException', 'Rate exceeded'), {
      operation: 'GetCostAndUsage',
      times: 3,
    });
    const throttled = await runner().run({
      trigger: 'manual',
      months: [MONTH],
    });
    expect(throttled.status).toBe('failed');
    expect(throttled.loads).toEqual([
      expect.objectContaining({
        status: 'failed',
        detail: expect.stringContaining(
          'AWS Cost Explorer GetCostAndUsage gave up after 3 tries: LimitExceededException',
        ),
      }),
    ]);
    expect(await costIn('actual')).toBe(billed('billed'));
    expect(await factRows()).toBe(rows);
    const [{ count }] = await knex('commitment_insight')
      .where({ source_key: 'aws:test' })
      .count({ count: '*' });
    expect(Number(count)).toBe(6);
  });
});
