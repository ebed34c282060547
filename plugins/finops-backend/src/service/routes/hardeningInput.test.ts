import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { finopsPlugin } from '../../plugin';
import { finopsTestConfig } from './__testUtils__/testBackend';

jest.setTimeout(120_000);

describe('hardening: input that passed validation and failed later (issue 17, 5, 6, 12)', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });
  let server: any;

  beforeAll(async () => {
    const knex = await databases.init('POSTGRES_18');
    ({ server } = await startTestBackend({
      features: [
        finopsPlugin,
        mockServices.database.factory({ knex }),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        catalogServiceMock.factory({ entities: [] }),
        finopsTestConfig(),
      ],
    }));
  });

  /** Expects a 400 whose message names `field`, and no stack in the body. */
  async function expect400(
    response: request.Response | Promise<request.Response>,
    field: RegExp,
  ) {
    const { status, body } = await response;
    expect([status, body.error?.message]).toEqual([
      400,
      expect.stringMatching(field),
    ]);
    expect(body.error.stack).toBeUndefined();
  }

  it('5: ids and offsets beyond a safe integer, years out of range and NUL bytes are 400s naming the field', async () => {
    await expect400(
      request(server).get('/api/finops/ingestion/runs/9999999999999999999'),
      /run id/,
    );
    await expect400(
      request(server)
        .get('/api/finops/ingestion/runs/1')
        .query({ offset: '99999999999999999999' }),
      /offset/,
    );
    await expect400(
      request(server)
        .get('/api/finops/budgets')
        .query({ offset: '99999999999999999999' }),
      /offset/,
    );
    await expect400(
      request(server)
        .get('/api/finops/pricing-views/actual')
        .query({ offset: '99999999999999999999' }),
      /offset/,
    );
    await expect400(
      request(server).get('/api/finops/budgets/9999999999999999999'),
      /budget id/,
    );
    await expect400(
      request(server).get('/api/finops/chargeback').query({ month: '0000-01' }),
      /month/,
    );
    await expect400(
      request(server).get('/api/finops/costs').query({
        entityRef: 'component:default/cart-service',
        from: '0000-01',
        to: '2026-01',
      }),
      /from/,
    );
    await expect400(
      request(server).post('/api/finops/budgets').send({
        name: 'a\u0000b',
        scopeType: 'estate',
        period: 'month',
        amount: '10',
      }),
      /name: must not contain a NUL/,
    );
    await expect400(
      request(server)
        .post('/api/finops/chargeback/close')
        .send({ month: '2026-03', note: 'x\u0000' }),
      /note: must not contain a NUL/,
    );
    await expect400(
      request(server).post('/api/finops/pricing-views').send({
        key: 'plan',
        name: 'Plan\u0000',
        kind: 'what-if',
        currency: 'USD',
      }),
      /name: must not contain a NUL/,
    );
  });

  it('6: every range is checked the same way: reversed, too long, impossible dates', async () => {
    await expect400(
      request(server)
        .get('/api/finops/anomalies')
        .query({ from: '2026-12', to: '2026-01' }),
      /to: must not be before from/,
    );
    await expect400(
      request(server)
        .get('/api/finops/anomalies')
        .query({ from: '1900-01', to: '2100-12' }),
      /from/,
    );
    await expect400(
      request(server)
        .get('/api/finops/anomalies')
        .query({ from: '2000-01', to: '2100-12' }),
      /to: the range is 1212 months; at most 60/,
    );
    await expect400(
      request(server)
        .get('/api/finops/commitments/coverage')
        .query({ from: '0001-01', to: '9999-12' }),
      /from/,
    );
    await expect400(
      request(server)
        .get('/api/finops/commitments/coverage')
        .query({ from: '2000-01', to: '2100-12' }),
      /to: the range is 1212 months; at most 60/,
    );
    await expect400(
      request(server)
        .get('/api/finops/budgets/1/status')
        .query({ at: '2026-02-30' }),
      /at: must be a day of the calendar/,
    );
  });

  it('12: a form-encoded trigger is a 415, a huge CSV cell is not echoed whole, path ids are decimal digits', async () => {
    const form = await request(server)
      .post('/api/finops/ingestion/runs')
      .type('form')
      .send('months=2026-03');
    expect(form.status).toBe(415);
    expect(form.body.error.message).toMatch(/application\/json/);

    expect(
      (
        await request(server).post('/api/finops/pricing-views').send({
          key: 'plan',
          name: 'Plan',
          kind: 'what-if',
          currency: 'USD',
        })
      ).status,
    ).toBe(201);
    const huge = 'x'.repeat(9 * 1024 * 1024);
    const csv = await request(server)
      .post('/api/finops/pricing-views/plan/rules')
      .type('text/csv')
      .send(`product,unitPrice,validFrom\n${huge},1,2026-03\n`);
    expect(csv.status).toBe(422);
    expect(csv.body.rejected).toHaveLength(1);
    expect(csv.body.rejected[0].reason.length).toBeLessThanOrEqual(300);
    expect(JSON.stringify(csv.body).length).toBeLessThan(1000);

    for (const id of ['0x10', '1e3', '%201', '1.0', '-1']) {
      await expect400(
        request(server).get(`/api/finops/ingestion/runs/${id}`),
        /run id/,
      );
      await expect400(
        request(server).get(`/api/finops/budgets/${id}`),
        /budget id/,
      );
      await expect400(
        request(server).delete(`/api/finops/pricing-views/plan/rules/${id}`),
        /rule id/,
      );
    }
  });

  it('answers a body that is not JSON with a 400 that neither quotes it nor carries a stack', async () => {
    const secret = '{"key": "cart", "name": s3cr3t-token-value}';
    const { status, body, text } = await request(server)
      .post('/api/finops/pricing-views')
      .set('Content-Type', 'application/json')
      .send(secret);
    expect(status).toBe(400);
    expect(body.error).toMatchObject({
      name: 'InputError',
      message: 'The request body is not valid JSON',
    });
    expect(body.error.stack).toBeUndefined();
    expect(text).not.toContain('s3cr3t');
  });
});
