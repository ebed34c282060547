import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { migrateMart } from '../database/operations/migrateMart';
import { DatabaseIngestionStore } from './DatabaseIngestionStore';
import { IngestionRunner } from './IngestionRunner';
import { syncApplications } from './operations/syncApplications';
import { IncompleteDeliveryError } from '@finops-backstage/plugin-finops-node';
import { ListingSource, daysOf, usageRow } from './__testUtils__/testSources';

jest.setTimeout(120_000);

const COMPONENTS = [
  {
    entityRef: 'component:default/cart-service',
    ownerRef: 'group:default/checkout-team',
    name: 'cart-service',
    tagSelectors: ['app=cart-service'],
    accountKeys: [],
  },
];

const monthOfUsage = (month: string, quantity = '24') =>
  daysOf(month).map(day => usageRow(day, { quantity }));

describe('IngestionRunner, with a source that lists its months', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });
  let knex: Knex;

  beforeEach(async () => {
    knex = await databases.init('POSTGRES_18');
    await migrateMart(knex);
  });

  const runnerFor = (source: ListingSource) =>
    new IngestionRunner({
      store: DatabaseIngestionStore.create({ knex }),
      logger: mockServices.logger.mock(),
      sources: [source],
      readApplications: () => syncApplications(knex, COMPONENTS),
      guards: { rejectThreshold: 0.05, dropThreshold: 0.5 },
      now: () => new Date('2026-04-10T12:00:00Z'),
    });

  const loadsOf = (runId: number) =>
    knex('ingestion_load')
      .where({ run_id: runId })
      .orderBy('period_month')
      .select(
        knex.raw(`to_char(period_month, 'YYYY-MM') AS month`),
        'status',
        'requests',
        'is_final',
        'delivery_stamp',
        'detail',
      );

  const quantityOf = async (month: string) =>
    (
      await knex('fact_consumption')
        .where({ source_key: 'exports', period_month: `${month}-01` })
        .first(knex.raw('coalesce(sum(quantity), 0)::text AS quantity'))
    ).quantity;

  it('loads the months the data holds within maxMonths, says which it left out, and loads a final month again when it is delivered again', async () => {
    const source = new ListingSource('exports', 3);
    for (const month of ['2025-12', '2026-02', '2026-03', '2026-05']) {
      source.rows.set(month, monthOfUsage(month));
      source.stamps.set(month, 'v1');
    }
    const runner = runnerFor(source);

    const first = await runner.run({ trigger: 'manual' });
    expect(first.status).toBe('succeeded');
    expect(await loadsOf(first.runId)).toMatchObject([
      { month: '2026-02', status: 'succeeded', is_final: true },
      { month: '2026-03', status: 'succeeded', is_final: true },
    ]);
    // The listing is counted once, in the first load's requests; no load for the current month,
    // which the data doesn't hold.
    expect((await loadsOf(first.runId)).map(load => load.requests)).toEqual([
      1, 0,
    ]);
    const run = await knex('ingestion_run')
      .where({ run_id: first.runId })
      .first();
    expect(run.note).toBe(
      'exports: left out 2 month(s) of the data outside the last 3 months: 2025-12, 2026-05',
    );

    // Final and unchanged: nothing is read again.
    const second = await runner.run({ trigger: 'schedule' });
    expect(second).toMatchObject({ status: 'succeeded', loads: [] });

    // 2026-03 delivered again (restated): loaded again, and only it.
    source.stamps.set('2026-03', 'v2');
    source.rows.set('2026-03', monthOfUsage('2026-03', '30'));
    const third = await runner.run({ trigger: 'schedule' });
    expect(await loadsOf(third.runId)).toMatchObject([
      { month: '2026-03', status: 'succeeded', delivery_stamp: 'v2' },
    ]);
    expect(await quantityOf('2026-03')).toBe('930');
  });

  it('refuses an incomplete delivery whole, keeps the previous data, and says the run is partial or failed', async () => {
    const source = new ListingSource('exports');
    source.rows.set('2026-03', monthOfUsage('2026-03'));
    source.rows.set('2026-04', monthOfUsage('2026-04').slice(0, 9));
    source.stamps.set('2026-03', 'v1');
    const runner = runnerFor(source);
    await runner.run({ trigger: 'manual' });
    expect(await quantityOf('2026-03')).toBe('744');

    source.stamps.set('2026-03', 'v2');
    source.rows.set('2026-03', monthOfUsage('2026-03', '48'));
    source.incomplete.set(
      '2026-03',
      'data/BILLING_PERIOD=2026-03/part-00002.csv.gz is cut (gzip ends before its end)',
    );
    const partial = await runner.run({ trigger: 'schedule' });
    expect(partial.status).toBe('partial');
    const loads = await loadsOf(partial.runId);
    expect(loads).toMatchObject([
      {
        month: '2026-03',
        status: 'refused',
        is_final: false,
        detail:
          'refused: incomplete delivery: data/BILLING_PERIOD=2026-03/part-00002.csv.gz is cut (gzip ends before its end); previous data kept',
      },
      { month: '2026-04', status: 'succeeded' },
    ]);
    expect(await quantityOf('2026-03')).toBe('744');
    const run = await knex('ingestion_run')
      .where({ run_id: partial.runId })
      .first();
    expect(run.error).toBe('1 refused of 2 load(s)');

    // Every load refused: the run failed.
    source.rows.delete('2026-04');
    const failed = await runner.run({ trigger: 'schedule' });
    expect(failed.status).toBe('failed');
    expect(await quantityOf('2026-03')).toBe('744');
  });

  it('refuses a load in which one account lost its rows, though the total held, unless forced', async () => {
    const source = new ListingSource('exports');
    const twoAccounts = () => [
      ...monthOfUsage('2026-03'),
      ...daysOf('2026-03').map(day =>
        usageRow(day, {
          account: { key: '222222222222' },
          quantity: '5',
          billedAmount: '0.5',
        }),
      ),
    ];
    source.rows.set('2026-03', twoAccounts());
    const runner = runnerFor(source);
    await runner.run({ trigger: 'manual', months: ['2026-03'] });
    expect(await quantityOf('2026-03')).toBe('899');

    // The second account's rows are gone (a file short at a clean line end): −18 % in total. Its
    // previous cost is its 155 hours at the product's actual price (86.924 / 899 hours): 14.99.
    source.rows.set('2026-03', monthOfUsage('2026-03'));
    const refused = await runner.run({
      trigger: 'manual',
      months: ['2026-03'],
    });
    expect(await loadsOf(refused.runId)).toMatchObject([
      {
        status: 'refused',
        detail:
          'refused: account 222222222222 of aws would fall from 14.99 to 0.00 (more than 50 %); previous data kept (trigger with force to replace it)',
      },
    ]);
    expect(await quantityOf('2026-03')).toBe('899');

    const forced = await runner.run({
      trigger: 'manual',
      months: ['2026-03'],
      force: true,
    });
    expect(forced.status).toBe('succeeded');
    expect(await quantityOf('2026-03')).toBe('744');
  });

  it('refuses a source whose listing finds a cut file, and fails one whose listing fails', async () => {
    const source = new ListingSource('exports');
    source.rows.set('2026-03', monthOfUsage('2026-03'));
    const runner = runnerFor(source);
    await runner.run({ trigger: 'manual' });

    source.listingError = new IncompleteDeliveryError('loose/march.csv is cut');
    const refused = await runner.run({ trigger: 'schedule' });
    expect(refused.status).toBe('failed');
    expect(await loadsOf(refused.runId)).toEqual([
      expect.objectContaining({
        month: '2026-04',
        status: 'refused',
        requests: 1,
        detail:
          'refused: incomplete delivery: loose/march.csv is cut; previous data kept',
      }),
    ]);
    source.listingError = new Error('AccessDenied: s3:ListBucket');
    const failed = await runner.run({ trigger: 'schedule' });
    expect(await loadsOf(failed.runId)).toEqual([
      expect.objectContaining({
        status: 'failed',
        detail: 'listing the months failed: AccessDenied: s3:ListBucket',
      }),
    ]);
    expect(await quantityOf('2026-03')).toBe('744');
  });
});
