import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { finopsBudgetCreatePermission } from '@finops-backstage/plugin-finops-common';
import request from 'supertest';
import {
  createFinopsBudgetConditionalDecision,
  finopsBudgetConditions,
} from '../../budgets/budgetPermissionRules';
import { finopsPlugin } from '../../plugin';
import { finopsTestConfig } from './__testUtils__/testBackend';

jest.setTimeout(120_000);

const entities = [
  { kind: 'Component', name: 'cart-service', owner: 'checkout-team' },
  { kind: 'Component', name: 'search-api', owner: 'data' },
].map(({ kind, name, owner }) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec: { owner },
}));

const body = (scope: Record<string, string>) => ({
  name: 'Team budget',
  period: 'month',
  amount: '1000',
  ...scope,
});

describe('the budget routes', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });

  async function start(decision: PolicyDecision) {
    const knex = await databases.init('POSTGRES_18');
    const { server } = await startTestBackend({
      features: [
        finopsPlugin,
        mockServices.database.factory({ knex }),
        mockServices.permissions.mock({
          authorizeConditional: async requests => requests.map(() => decision),
          authorize: async requests =>
            requests.map(() => ({ result: AuthorizeResult.ALLOW })),
        }).factory,
        catalogServiceMock.factory({ entities }),
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => ({ send: jest.fn() }),
        }),
        finopsTestConfig(),
      ],
    });
    return { server, knex };
  }

  it('lets an admin create, change, read and soft-delete any budget, with audit rows', async () => {
    const { server, knex } = await start({ result: AuthorizeResult.ALLOW });
    const created = await request(server)
      .post('/api/finops/budgets')
      .send(body({ scopeType: 'estate' }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      scopeType: 'estate',
      amount: '1000',
      currency: 'USD',
      view: 'actual',
      thresholds: ['50', '80', '100'],
      alertOnForecast: false,
    });
    const { id } = created.body;
    const patched = await request(server)
      .patch(`/api/finops/budgets/${id}`)
      .send({ amount: '1200.50', thresholds: [90, 75] });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      amount: '1200.50',
      thresholds: ['75', '90'],
    });
    const status = await request(server)
      .get(`/api/finops/budgets/${id}/status`)
      .query({ at: '2026-03-15' });
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ actual: '0.00', amount: '1200.50' });
    expect(
      (await request(server).delete(`/api/finops/budgets/${id}`)).status,
    ).toBe(204);
    expect(
      (await request(server).get(`/api/finops/budgets/${id}`)).status,
    ).toBe(404);
    expect(await knex('budget').where({ budget_id: id }).first()).toMatchObject(
      {
        deleted_at: expect.any(Date),
      },
    );
    const audit = await knex('audit_event')
      .where({ subject_type: 'budget', subject_id: String(id) })
      .orderBy('audit_id')
      .pluck('event_id');
    expect(audit).toEqual(['budget-create', 'budget-update', 'budget-delete']);
  });

  it('refuses every budget write when the policy denies', async () => {
    const { server } = await start({ result: AuthorizeResult.DENY });
    const response = await request(server)
      .post('/api/finops/budgets')
      .send(
        body({
          scopeType: 'entity',
          scopeRef: 'component:default/cart-service',
        }),
      );
    expect(response.status).toBe(403);
  });

  it('lets an owner manage the budgets of their own entity only (conditional decision)', async () => {
    const { server } = await start(
      createFinopsBudgetConditionalDecision(
        finopsBudgetCreatePermission,
        finopsBudgetConditions.isScopeOwner({
          claims: ['user:default/ada', 'group:default/checkout-team'],
        }),
      ),
    );
    const own = await request(server)
      .post('/api/finops/budgets')
      .send(
        body({
          scopeType: 'entity',
          scopeRef: 'component:default/cart-service',
        }),
      );
    expect(own.status).toBe(201);
    expect(own.body.ownerRef).toBe('group:default/checkout-team');
    const other = await request(server)
      .post('/api/finops/budgets')
      .send(
        body({ scopeType: 'entity', scopeRef: 'component:default/search-api' }),
      );
    expect(other.status).toBe(403);
    const estate = await request(server)
      .post('/api/finops/budgets')
      .send(body({ scopeType: 'estate' }));
    expect(estate.status).toBe(403);
    const listed = await request(server)
      .get('/api/finops/budgets')
      .query({ entityRef: 'component:default/cart-service' });
    expect(listed.body.items).toHaveLength(1);
  });

  it('rejects invalid budgets with 400', async () => {
    const { server } = await start({ result: AuthorizeResult.ALLOW });
    for (const invalid of [
      body({ scopeType: 'estate', scopeRef: 'x' }),
      body({ scopeType: 'entity' }),
      { ...body({ scopeType: 'estate' }), amount: '-5' },
      { ...body({ scopeType: 'estate' }), currency: 'EUR' },
      { ...body({ scopeType: 'estate' }), extra: true },
      body({ scopeType: 'domain', scopeRef: 'NOPE' }),
    ]) {
      const response = await request(server)
        .post('/api/finops/budgets')
        .send(invalid);
      expect([response.status, invalid]).toEqual([400, invalid]);
    }
  });

  it('lists budgets a page at a time', async () => {
    const { server } = await start({ result: AuthorizeResult.ALLOW });
    const ids: string[] = [];
    for (const name of ['first', 'second', 'third']) {
      const created = await request(server)
        .post('/api/finops/budgets')
        .send({ ...body({ scopeType: 'estate' }), name });
      ids.push(created.body.id);
    }
    const page = await request(server)
      .get('/api/finops/budgets')
      .query({ limit: 2 });
    expect(page.body.items.map((b: { id: string }) => b.id)).toEqual(
      ids.slice(0, 2),
    );
    const rest = await request(server)
      .get('/api/finops/budgets')
      .query({ limit: 2, offset: 2 });
    expect(rest.body.items.map((b: { id: string }) => b.id)).toEqual([ids[2]]);
    const tooMany = await request(server)
      .get('/api/finops/budgets')
      .query({ limit: 501 });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toMatch(/limit/);
  });
});
