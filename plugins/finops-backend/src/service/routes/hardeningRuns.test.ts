import { TestDatabases } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import {
  CART_SERVICE,
  equalSplitSource,
  startFinops,
  waitForRun,
} from './__testUtils__/testBackend';

jest.setTimeout(120_000);

describe('hardening: a run whose process was killed (issue 17, 2)', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });

  it('is marked failed (abandoned) by the next run, and listed so', async () => {
    const knex = await databases.init('POSTGRES_18');
    const { server } = await startFinops(knex, {
      entities: [CART_SERVICE],
      result: AuthorizeResult.ALLOW,
      finops: { sources: { indirect: [equalSplitSource('100', 1)] } },
    });
    // What a SIGKILL during a run leaves: `running`, no end, a heartbeat that stopped long ago.
    const [{ run_id: killedId }] = await knex('ingestion_run')
      .insert({
        trigger: 'manual',
        status: 'running',
        started_at: knex.raw(`now() - interval '1 hour'`),
        heartbeat_at: knex.raw(`now() - interval '55 minutes'`),
      })
      .returning('run_id');

    const started = await request(server)
      .post('/api/finops/ingestion/runs')
      .send({ months: ['2026-03'] });
    expect(started.status).toBe(202);
    expect((await waitForRun(knex, started.body.runId)).status).toBe(
      'succeeded',
    );

    const list = await request(server).get('/api/finops/ingestion/runs');
    const killed = list.body.items.find(
      (run: { runId: number }) => run.runId === Number(killedId),
    );
    expect(killed).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/^abandoned/),
      finishedAt: expect.any(String),
    });
  });
});
