import {
  createServiceFactory,
  SchedulerServiceTaskInvocationDefinition,
} from '@backstage/backend-plugin-api';
import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import knexFactory, { Knex } from 'knex';
import request from 'supertest';
import { INGESTION_TASK_ID } from '../../ingestion/scheduleIngestion';
import { finopsPlugin } from '../../plugin';
import { finopsTestConfig } from './__testUtils__/testBackend';

jest.setTimeout(120_000);

const entities = ['cart-service', 'search-api'].map(name => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { owner: 'checkout-team' },
}));

/** One replica of the backend: its own pool on the shared database, scheduler and notifications. */
async function startReplica(knex: Knex) {
  const scheduler = mockServices.scheduler.mock();
  const send = jest.fn();
  const { server } = await startTestBackend({
    features: [
      finopsPlugin,
      mockServices.database.factory({ knex }),
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      catalogServiceMock.factory({ entities }),
      scheduler.factory,
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({ send }),
      }),
      finopsTestConfig({ sources: { demo: { enabled: true, months: 2 } } }),
    ],
  });
  const [[task]] = scheduler.scheduleTask.mock.calls as Array<
    [SchedulerServiceTaskInvocationDefinition & { scope?: string }]
  >;
  return { server, task, send };
}

describe('hardening: two backend replicas on one database (issue 17, 10)', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });
  const saved = process.env.FINOPS_NOW;
  const pools: Knex[] = [];

  afterAll(async () => {
    if (saved === undefined) delete process.env.FINOPS_NOW;
    else process.env.FINOPS_NOW = saved;
    await Promise.all(pools.map(pool => pool.destroy()));
  });

  it('run the batch once at a time, send each alert once and agree at once on prices', async () => {
    process.env.FINOPS_NOW = '2026-03-20T12:00:00Z';
    const knexA = await databases.init('POSTGRES_18');
    const knexB = knexFactory({
      client: 'pg',
      connection: knexA.client.config.connection,
      pool: { min: 0, max: 5 },
    });
    pools.push(knexB);
    const a = await startReplica(knexA);
    const b = await startReplica(knexB);

    // Both schedule the batch in the scheduler's global scope (one replica runs it).
    expect([a.task, b.task].map(task => [task.id, task.scope])).toEqual([
      [INGESTION_TASK_ID, 'global'],
      [INGESTION_TASK_ID, 'global'],
    ]);

    // A budget the demo's costs exceed: 50, 80 and 100 % are crossed.
    await request(a.server)
      .post('/api/finops/budgets')
      .send({
        name: 'Estate',
        scopeType: 'estate',
        period: 'month',
        amount: '100',
      })
      .expect(201);

    // Even when both replicas start the task at the same moment, one run loads; the other skips.
    const bothRun = () =>
      Promise.all(
        [a, b].map(replica => replica.task.fn(new AbortController().signal)),
      );
    await bothRun();
    const firstPair = await knexA('ingestion_run')
      .orderBy('status')
      .select('trigger', 'status', 'error');
    expect(firstPair).toEqual([
      {
        trigger: 'schedule',
        status: 'skipped',
        error: 'another ingestion run is in progress',
      },
      { trigger: 'schedule', status: 'succeeded', error: null },
    ]);
    const budgetAlerts = () =>
      [...a.send.mock.calls, ...b.send.mock.calls].filter(([message]) =>
        message.payload.title.startsWith('Budget "Estate"'),
      ).length;
    expect(budgetAlerts()).toBe(3);

    // The next runs, on either replica, find the alerts sent and send none again.
    await bothRun();
    expect(
      await knexA('ingestion_run')
        .groupBy('status')
        .orderBy('status')
        .select('status', knexA.raw('count(*)::int AS n')),
    ).toEqual([
      { status: 'skipped', n: 2 },
      { status: 'succeeded', n: 2 },
    ]);
    expect(budgetAlerts()).toBe(3);

    // A pricing change made through A is what B answers at once (B's overview was cached before).
    await request(a.server)
      .post('/api/finops/pricing-views')
      .send({
        key: 'compute-cut',
        name: 'Compute at 50 %',
        kind: 'what-if',
        currency: 'USD',
        parent: 'actual',
      })
      .expect(201);
    const overview = (replica: typeof a) =>
      request(replica.server)
        .get('/api/finops/overview')
        .query({ view: 'compute-cut', from: '2026-02', to: '2026-03' })
        .expect(200);
    const before = (await overview(b)).body;
    expect((await overview(b)).body).toEqual(before);
    await request(a.server)
      .post('/api/finops/pricing-views/compute-cut/rules')
      .send([{ family: 'compute', multiplier: '0.5', validFrom: '2020-01' }])
      .expect(201);
    const afterOnB = (await overview(b)).body;
    expect(afterOnB.total).not.toBe(before.total);
    expect(afterOnB).toEqual((await overview(a)).body);
  });
});
