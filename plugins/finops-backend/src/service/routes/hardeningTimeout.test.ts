import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import request from 'supertest';
import { finopsPlugin } from '../../plugin';
import { finopsTestConfig } from './__testUtils__/testBackend';

jest.setTimeout(120_000);

describe('hardening: statement timeout and a bound on heavy queries (issue 17, 8)', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });

  async function startBackend(database: JsonObject) {
    const knex = await databases.init('POSTGRES_18');
    const { server } = await startTestBackend({
      features: [
        finopsPlugin,
        mockServices.database.factory({ knex }),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        catalogServiceMock.factory({ entities: [] }),
        finopsTestConfig({ database }),
      ],
    });
    return { server, knex };
  }

  /** Holds an exclusive lock on `table` (as a long migration or a stuck query would) until released. */
  async function lockTable(knex: Knex, table: string) {
    const trx = await knex.transaction();
    await trx.raw('LOCK TABLE ?? IN ACCESS EXCLUSIVE MODE', [table]);
    return { release: () => trx.rollback() };
  }

  it('answers a 503 that names the timeout, without SQL, when a query runs past it', async () => {
    const { server, knex } = await startBackend({ statementTimeout: '300ms' });
    const lock = await lockTable(knex, 'ingestion_run');
    try {
      const started = Date.now();
      const runs = await request(server).get('/api/finops/ingestion/runs');
      expect(runs.status).toBe(503);
      expect(runs.body.error).toEqual({
        name: 'ServiceUnavailableError',
        message: expect.stringMatching(
          /took longer than 300 ms \(finops\.database\.statementTimeout\)/,
        ),
      });
      expect(JSON.stringify(runs.body)).not.toMatch(
        /select|ingestion_run|canceling|"stack"/i,
      );
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await lock.release();
    }
    // The timeout is the request's: the same pool still runs the batch without one.
    const [{ statement_timeout: outside }] = (
      await knex.raw('SHOW statement_timeout')
    ).rows;
    expect(outside).toBe('0');
  });

  it('lets one heavy query through at a time, queues the next, refuses beyond the queue; /health answers at once', async () => {
    const { server, knex } = await startBackend({
      statementTimeout: '20s',
      maxConcurrentQueries: 1,
      maxQueuedQueries: 1,
    });
    // Every cost read resolves its pricing view first: with the table locked, it waits.
    const lock = await lockTable(knex, 'pricing_view');
    const overview = (query: string) =>
      request(server)
        .get(`/api/finops/overview?from=2026-01&to=2026-03${query}`)
        .then(response => response);
    const first = overview('');
    const second = overview('&view=actual');
    try {
      await new Promise(resolve => setTimeout(resolve, 300));
      const third = await overview('&cloud=aws');
      expect(third.status).toBe(503);
      expect(third.headers['retry-after']).toBe('5');
      expect(third.body.error).toEqual({
        name: 'ServiceUnavailableError',
        message: expect.stringMatching(/^Too many cost queries at once/),
      });

      const started = Date.now();
      const health = await request(server)
        .get('/api/finops/health')
        .set('authorization', '');
      expect(health.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(1_000);
    } finally {
      await lock.release();
    }
    const [firstAnswer, secondAnswer] = await Promise.all([first, second]);
    expect(firstAnswer.status).toBe(200);
    expect(secondAnswer.status).toBe(200);
  });
});
