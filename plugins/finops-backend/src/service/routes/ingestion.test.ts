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
});
