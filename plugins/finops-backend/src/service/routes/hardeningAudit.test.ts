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

describe('hardening: the audit trail records what was written (issue 17, 4)', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });

  async function start() {
    const knex = await databases.init('POSTGRES_18');
    const { server } = await startFinops(knex, {
      entities: [CART_SERVICE],
      result: AuthorizeResult.ALLOW,
      finops: { sources: { indirect: [equalSplitSource('100', 1)] } },
    });
    const { body } = await request(server)
      .post('/api/finops/ingestion/runs')
      .send({ months: ['2026-03'] });
    expect((await waitForRun(knex, body.runId)).status).toBe('succeeded');
    return { server, knex };
  }

  it('audits the rules added, not the rules asked for, and a deleted rule in the API shape', async () => {
    const { server } = await start();
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
    // All or nothing (issue 20): a rejected rule keeps the batch out, and nothing is audited.
    const refused = await request(server)
      .post('/api/finops/pricing-views/plan/rules')
      .send([
        { domain: 'SHARED', multiplier: '1.1', validFrom: '2026-03' },
        { product: 'no-such-product', unitPrice: '1', validFrom: '2026-03' },
      ]);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      added: 0,
      rejected: [
        { index: 1, reason: expect.stringMatching(/unknown product/) },
      ],
    });
    const added = await request(server)
      .post('/api/finops/pricing-views/plan/rules')
      .send([{ domain: 'SHARED', multiplier: '1.1', validFrom: '2026-03' }]);
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ added: 1, rejected: [] });
    const { body: view } = await request(server).get(
      '/api/finops/pricing-views/plan',
    );
    expect(view.rules).toHaveLength(1);

    const { body: audit } = await request(server).get(
      '/api/finops/pricing-views/plan/audit',
    );
    const rulesAdd = audit.items.find(
      (item: { eventId: string }) => item.eventId === 'pricing-view-rules-add',
    );
    expect(rulesAdd.after).toEqual(view.rules);

    const ruleId = view.rules[0].id;
    expect(
      (
        await request(server).delete(
          `/api/finops/pricing-views/plan/rules/${ruleId}`,
        )
      ).status,
    ).toBe(204);
    const { body: after } = await request(server).get(
      '/api/finops/pricing-views/plan/audit',
    );
    const deleted = after.items.find(
      (item: { eventId: string }) => item.eventId === 'pricing-rule-delete',
    );
    expect(deleted.before).toEqual(view.rules[0]);
  });

  it('audits a domain change in the API shape', async () => {
    const { server, knex } = await start();
    const { body: domains } = await request(server).get('/api/finops/domains');
    const shared = domains.items.find(
      (d: { key: string }) => d.key === 'SHARED',
    );
    const patched = await request(server)
      .patch('/api/finops/domains/SHARED')
      .send({ indirectLabel: 'Split by components' });
    expect(patched.status).toBe(200);
    const row = await knex('audit_event')
      .where({ subject_type: 'domain', event_id: 'domain-update' })
      .first();
    expect(row.before).toEqual(shared);
    expect(row.after).toEqual(patched.body);
  });
});
