import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  DefinitivePolicyDecision,
} from '@backstage/plugin-permission-common';
import { Knex } from 'knex';
import request from 'supertest';
import { finopsPlugin } from '../../plugin';
import { finopsTestConfig, waitForRun } from './__testUtils__/testBackend';

jest.setTimeout(120_000);

/** Three CSV rules, the second naming a domain that does not exist, the third without a price. */
const MIXED_CSV =
  'domain,multiplier,validFrom\nSHARED,0.9,2026-01\nNOWHERE,1,2026-01\nSHARED,,2026-01\n';
const VALID_CSV =
  'domain,multiplier,validFrom,validTo\nSHARED,0.9,2026-01,2026-06\nSHARED,1.1,2026-07,\n';

describe('rules import: a dry run that writes nothing, then all or nothing (issue 20, 5)', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });

  async function start(
    decide: () => AuthorizeResult.ALLOW | AuthorizeResult.DENY = () =>
      AuthorizeResult.ALLOW,
  ) {
    const knex = await databases.init('POSTGRES_18');
    const auditEvents: string[] = [];
    const { server } = await startTestBackend({
      features: [
        finopsPlugin,
        mockServices.database.factory({ knex }),
        mockServices.permissions.mock({
          authorize: async requests =>
            requests.map(
              (): DefinitivePolicyDecision => ({ result: decide() }),
            ),
        }).factory,
        mockServices.auditor.mock({
          createEvent: async options => {
            auditEvents.push(options.eventId);
            return { success: async () => {}, fail: async () => {} };
          },
        }).factory,
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
        finopsTestConfig({
          alerts: { enabled: false },
          sources: {
            indirect: [
              {
                domain: 'SHARED',
                method: 'components',
                label: 'Equal split',
                monthlyAmount: '100',
                months: 1,
              },
            ],
          },
        }),
      ],
    });
    const { body } = await request(server)
      .post('/api/finops/ingestion/runs')
      .send({ months: ['2026-03'] });
    expect((await waitForRun(knex, body.runId)).status).toBe('succeeded');
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
    auditEvents.length = 0;
    return { server, knex, auditEvents };
  }

  async function counts(knex: Knex) {
    const [rules] = await knex('pricing_rule').count({ n: '*' });
    const [audit] = await knex('audit_event').count({ n: '*' });
    return { rules: Number(rules.n), audit: Number(audit.n) };
  }

  it('checks a whole CSV in a dry run with the per-row reasons, and writes nothing', async () => {
    const { server, knex, auditEvents } = await start();
    const before = await counts(knex);

    const mixed = await request(server)
      .post('/api/finops/pricing-views/plan/rules?dryRun=true')
      .type('text/csv')
      .send(MIXED_CSV);
    expect(mixed.status).toBe(200);
    expect(mixed.body).toEqual({
      dryRun: true,
      added: 0,
      valid: 0,
      rejected: [
        { index: 1, reason: "unknown domain 'NOWHERE'" },
        { index: 2, reason: 'give exactly one of unitPrice or multiplier' },
      ],
    });

    const valid = await request(server)
      .post('/api/finops/pricing-views/plan/rules?dryRun=true')
      .type('text/csv')
      .send(VALID_CSV);
    expect(valid.status).toBe(200);
    expect(valid.body).toEqual({
      dryRun: true,
      added: 0,
      valid: 2,
      rejected: [],
    });

    // Nothing written, nothing audited: neither the mart's audit rows nor an auditor event.
    expect(await counts(knex)).toEqual(before);
    expect(auditEvents).toEqual([]);
    const { body: view } = await request(server).get(
      '/api/finops/pricing-views/plan',
    );
    expect(view.rules).toEqual([]);

    // The same checks as the import: unknown views, the managed view, bad query values.
    expect(
      (
        await request(server)
          .post('/api/finops/pricing-views/nowhere/rules?dryRun=true')
          .type('text/csv')
          .send(VALID_CSV)
      ).status,
    ).toBe(404);
    expect(
      (
        await request(server)
          .post('/api/finops/pricing-views/actual/rules?dryRun=true')
          .type('text/csv')
          .send(VALID_CSV)
      ).status,
    ).toBe(409);
    const badQuery = await request(server)
      .post('/api/finops/pricing-views/plan/rules?dryRun=yes')
      .type('text/csv')
      .send(VALID_CSV);
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.error.message).toMatch(/dryRun/);
    expect(await counts(knex)).toEqual(before);
  });

  it('imports all or nothing: one bad row keeps every row out; a clean file goes in with one audit row', async () => {
    const { server, knex, auditEvents } = await start();
    const before = await counts(knex);

    const mixed = await request(server)
      .post('/api/finops/pricing-views/plan/rules')
      .type('text/csv')
      .send(MIXED_CSV);
    expect(mixed.status).toBe(422);
    expect(mixed.body).toEqual({
      added: 0,
      rejected: [
        { index: 1, reason: "unknown domain 'NOWHERE'" },
        { index: 2, reason: 'give exactly one of unitPrice or multiplier' },
      ],
    });
    expect(await counts(knex)).toEqual(before);
    // The refused write is still an auditor event (a failed import is worth knowing about).
    expect(auditEvents).toEqual(['pricing-view-rules-add']);

    const clean = await request(server)
      .post('/api/finops/pricing-views/plan/rules')
      .type('text/csv')
      .send(VALID_CSV);
    expect(clean.status).toBe(201);
    expect(clean.body).toEqual({ added: 2, rejected: [] });
    expect(await counts(knex)).toEqual({
      rules: before.rules + 2,
      audit: before.audit + 1,
    });
    expect(auditEvents).toEqual([
      'pricing-view-rules-add',
      'pricing-view-rules-add',
    ]);
    const { body: view } = await request(server).get(
      '/api/finops/pricing-views/plan',
    );
    const row = await knex('audit_event')
      .where({ event_id: 'pricing-view-rules-add', subject_id: 'plan' })
      .first();
    expect(row).toMatchObject({
      actor_ref: expect.any(String),
      subject_type: 'pricing-view',
    });
    expect(row.after).toEqual(view.rules);
    expect(view.rules).toEqual([
      expect.objectContaining({
        domain: 'SHARED',
        multiplier: '0.9',
        validFrom: '2026-01',
        validTo: '2026-06',
      }),
      expect.objectContaining({
        domain: 'SHARED',
        multiplier: '1.1',
        validFrom: '2026-07',
      }),
    ]);
  });

  it('keeps the permission check of the write in the dry run', async () => {
    let result: AuthorizeResult.ALLOW | AuthorizeResult.DENY =
      AuthorizeResult.ALLOW;
    const { server, knex, auditEvents } = await start(() => result);
    result = AuthorizeResult.DENY;
    const before = await counts(knex);
    for (const path of ['rules?dryRun=true', 'rules']) {
      const response = await request(server)
        .post(`/api/finops/pricing-views/plan/${path}`)
        .type('text/csv')
        .send(VALID_CSV);
      expect({ path, status: response.status }).toEqual({ path, status: 403 });
      expect(response.body.error.message).toMatch(/finops.pricingView.update/);
    }
    expect(await counts(knex)).toEqual(before);
    expect(auditEvents).toEqual([]);
  });

  it('lists the families and products a rule can target, searched by key or name', async () => {
    const { server, knex } = await start();
    const family = await knex('dim_family').first('family_id');
    await knex('dim_product').insert([
      {
        product_key: 'demo/aws:AmazonEC2:BoxUsage:m5.large',
        family_id: family.family_id,
        name: 'EC2 m5.large',
        unit: 'Hrs',
        provider: 'aws',
        service: 'AmazonEC2',
        valid_from: '2026-01-01',
      },
      {
        product_key: 'demo/aws:AmazonEC2:BoxUsage:m5.large',
        family_id: family.family_id,
        name: 'EC2 m5.large (2026-03)',
        unit: 'Hrs',
        provider: 'aws',
        service: 'AmazonEC2',
        valid_from: '2026-03-01',
      },
      {
        product_key: 'demo/aws:AmazonS3:TimedStorage',
        family_id: family.family_id,
        name: 'S3 storage',
        unit: 'GB-Mo',
        provider: 'aws',
        service: 'AmazonS3',
        valid_from: '2026-01-01',
      },
    ]);

    const families = await request(server).get(
      '/api/finops/pricing-targets?type=family',
    );
    expect(families.status).toBe(200);
    expect(families.body.items.length).toBeGreaterThan(0);
    expect(families.body.items[0]).toEqual({
      key: expect.any(String),
      name: expect.any(String),
      domain: expect.any(String),
    });

    const products = await request(server)
      .get('/api/finops/pricing-targets')
      .query({ type: 'product', search: 'm5.LARGE' });
    expect(products.status).toBe(200);
    expect(products.body.items).toEqual([
      expect.objectContaining({
        key: 'demo/aws:AmazonEC2:BoxUsage:m5.large',
        name: 'EC2 m5.large (2026-03)',
        unit: 'Hrs',
      }),
    ]);
    const byName = await request(server)
      .get('/api/finops/pricing-targets')
      .query({ type: 'product', search: 's3 stor' });
    expect(byName.body.items.map((item: { key: string }) => item.key)).toEqual([
      'demo/aws:AmazonS3:TimedStorage',
    ]);
    // `%` and `_` are literal characters of the search, not patterns.
    const literal = await request(server)
      .get('/api/finops/pricing-targets')
      .query({ type: 'product', search: '%' });
    expect(literal.body.items).toEqual([]);

    for (const query of ['type=region', '', 'type=product&limit=0']) {
      const bad = await request(server).get(
        `/api/finops/pricing-targets?${query}`,
      );
      expect({ query, status: bad.status }).toEqual({ query, status: 400 });
    }
  });
});
