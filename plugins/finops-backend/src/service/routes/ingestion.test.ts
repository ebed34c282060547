import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { finopsPlugin } from '../../plugin';
import { waitForRun } from './__testUtils__/testBackend';

jest.setTimeout(60_000);

describe('ingestion routes', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });

  async function startBackend(
    result: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
  ) {
    const knex = await databases.init('POSTGRES_18');
    const { server } = await startTestBackend({
      features: [
        finopsPlugin,
        mockServices.database.factory({ knex }),
        mockServices.permissions.factory({ result }),
        catalogServiceMock.factory({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: { name: 'cart-service', namespace: 'default' },
              spec: { owner: 'checkout-team' },
            },
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
            finops: {
              ingestion: {
                schedule: {
                  frequency: { hours: 24 },
                  timeout: { minutes: 5 },
                  initialDelay: { hours: 1 },
                },
              },
              sources: {
                indirect: [
                  {
                    domain: 'SHARED',
                    method: 'components',
                    label: 'Equal split',
                    monthlyAmount: '100',
                    months: 2,
                  },
                ],
              },
            },
          },
        }),
      ],
    });
    return { server, knex };
  }

  it('refuses a trigger without finops.run.trigger', async () => {
    const { server, knex } = await startBackend(AuthorizeResult.DENY);
    const response = await request(server)
      .post('/api/finops/ingestion/runs')
      .send({});
    expect(response.status).toBe(403);
    expect(response.body.error.message).toMatch(/finops.run.trigger/);
    expect(await knex('ingestion_run').count({ n: '*' })).toEqual([{ n: '0' }]);
  });

  it('rejects unknown fields and bad months with a 400', async () => {
    const { server } = await startBackend(AuthorizeResult.ALLOW);
    const unknown = await request(server)
      .post('/api/finops/ingestion/runs')
      .send({ everything: true });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/everything/);
    const month = await request(server)
      .post('/api/finops/ingestion/runs')
      .send({ months: ['2026-13'] });
    expect(month.status).toBe(400);
    expect(month.body.error.message).toMatch(/months.0: must be a month/);
  });

  it('starts a run, answers with its id, and lists it when done', async () => {
    const { server } = await startBackend(AuthorizeResult.ALLOW);
    const started = await request(server)
      .post('/api/finops/ingestion/runs')
      .set('authorization', mockCredentials.user.header('user:default/ada'))
      .send({ months: ['2026-03'] });
    expect(started.status).toBe(202);
    const runId = started.body.runId;

    let run;
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const list = await request(server).get(
        '/api/finops/ingestion/runs?limit=5',
      );
      run = list.body.items.find(
        (item: { runId: number }) => item.runId === runId,
      );
      if (run?.status !== 'running') break;
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    expect(run).toMatchObject({
      trigger: 'manual',
      requestedBy: 'user:default/ada',
      status: 'succeeded',
      loads: 1,
      rowsRead: 1,
      rowsLoaded: 1,
      rowsRejected: 0,
    });

    const tooMany = await request(server).get(
      '/api/finops/ingestion/runs?limit=501',
    );
    expect(tooMany.status).toBe(400);
  });

  describe('with the clock at 2026-12-01 (issue 20: Run now with months and force)', () => {
    const saved = process.env.FINOPS_NOW;
    beforeAll(() => {
      process.env.FINOPS_NOW = '2026-12-01T06:00:00Z';
    });
    afterAll(() => {
      if (saved === undefined) delete process.env.FINOPS_NOW;
      else process.env.FINOPS_NOW = saved;
    });

    it('refuses a month after the current one and a month listed twice, with a 400 that says which', async () => {
      const { server, knex } = await startBackend(AuthorizeResult.ALLOW);
      const future = await request(server)
        .post('/api/finops/ingestion/runs')
        .send({ months: ['2026-11', '2026-12', '2027-01'] });
      expect(future.status).toBe(400);
      expect(future.body.error.message).toBe(
        'Invalid body: months.2: 2027-01 is after the current month (2026-12)',
      );
      const twice = await request(server)
        .post('/api/finops/ingestion/runs')
        .send({ months: ['2026-10', '2026-11', '2026-10'] });
      expect(twice.status).toBe(400);
      expect(twice.body.error.message).toBe(
        'Invalid body: months.2: 2026-10 is listed twice',
      );
      const notBoolean = await request(server)
        .post('/api/finops/ingestion/runs')
        .send({ months: ['2026-10'], force: 'yes' });
      expect(notBoolean.status).toBe(400);
      expect(notBoolean.body.error.message).toMatch(/force/);
      expect(await knex('ingestion_run').count({ n: '*' })).toEqual([
        { n: '0' },
      ]);
    });

    it('starts a forced run of a range of months', async () => {
      const { server, knex } = await startBackend(AuthorizeResult.ALLOW);
      const started = await request(server)
        .post('/api/finops/ingestion/runs')
        .send({ months: ['2026-10', '2026-11', '2026-12'], force: true });
      expect(started.status).toBe(202);
      const run = await waitForRun(knex, started.body.runId);
      expect(run).toMatchObject({ trigger: 'manual', force: true });
      const rows = await knex('ingestion_load')
        .where({ run_id: started.body.runId })
        .orderBy('period_month')
        .select(knex.raw(`to_char(period_month, 'YYYY-MM') as month`));
      const months = rows.map((row: { month: string }) => row.month);
      expect(months).toEqual(['2026-10', '2026-11', '2026-12']);
    });
  });
});
