import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
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
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'cart-service', namespace: 'default' },
    spec: { owner: 'checkout-team' },
  },
];

describe('hardening: budgets of mixed-case entity refs (issue 17, 1)', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });

  async function start() {
    const knex = await databases.init('POSTGRES_18');
    const { server } = await startTestBackend({
      features: [
        finopsPlugin,
        mockServices.database.factory({ knex }),
        // Ada owns the budgets of what checkout-team owns, nothing else.
        mockServices.permissions.mock({
          authorizeConditional: async requests =>
            requests.map(() =>
              createFinopsBudgetConditionalDecision(
                finopsBudgetCreatePermission,
                finopsBudgetConditions.isScopeOwner({
                  claims: ['user:default/ada', 'group:default/checkout-team'],
                }),
              ),
            ),
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

  const ada = mockCredentials.user.header('user:default/ada');

  it('stores an entity scope as the catalog spells refs, and finds it under its lower-case ref', async () => {
    const { server, knex } = await start();
    const created = await request(server)
      .post('/api/finops/budgets')
      .set('authorization', ada)
      .send({
        name: 'x',
        scopeType: 'entity',
        scopeRef: 'Component:Default/Cart-Service',
        period: 'month',
        amount: '100',
      });
    expect(created.status).toBe(201);
    expect(created.body.scopeRef).toBe('component:default/cart-service');
    expect(
      await knex('budget')
        .where({ budget_id: created.body.id })
        .first('scope_ref'),
    ).toEqual({ scope_ref: 'component:default/cart-service' });

    const listed = await request(server)
      .get('/api/finops/budgets')
      .query({ entityRef: 'component:default/cart-service' });
    expect(listed.body.items.map((b: { id: string }) => b.id)).toEqual([
      created.body.id,
    ]);
    const status = await request(server)
      .get(`/api/finops/budgets/${created.body.id}/status`)
      .set('authorization', ada)
      .query({ at: '2026-03-15' });
    expect(status.status).toBe(200);
  });

  it('lists every budget with its status even when one record cannot be evaluated', async () => {
    const { server, knex } = await start();
    const good = await request(server)
      .post('/api/finops/budgets')
      .set('authorization', ada)
      .send({
        name: 'good',
        scopeType: 'entity',
        scopeRef: 'component:default/cart-service',
        period: 'month',
        amount: '100',
      });
    expect(good.status).toBe(201);
    // A record written before refs were normalised (or by hand): it cannot be evaluated.
    const [{ pricing_view_id: viewId }] = await knex('pricing_view')
      .where({ view_key: 'actual' })
      .select('pricing_view_id');
    const [{ budget_id: badId }] = await knex('budget')
      .insert({
        name: 'bad',
        scope_type: 'entity',
        scope_ref: 'Component:Default/No Such Thing!',
        period: 'month',
        amount: '100',
        currency: 'USD',
        pricing_view_id: viewId,
        thresholds: ['100'],
        alert_on_forecast: false,
        created_by: 'user:default/ada',
      })
      .returning('budget_id');

    const listed = await request(server)
      .get('/api/finops/budgets')
      .set('authorization', ada)
      .query({ status: 'true' });
    expect(listed.status).toBe(200);
    const byId = Object.fromEntries(
      listed.body.items.map((b: { id: string }) => [b.id, b]),
    );
    expect(byId[good.body.id].status).toMatchObject({ amount: '100.00' });
    expect(byId[good.body.id].statusError).toBeUndefined();
    expect(byId[String(badId)]).toMatchObject({
      name: 'bad',
      status: null,
      statusError: expect.any(String),
    });
    expect(byId[String(badId)].statusError).not.toMatch(/\n\s+at /);
  });
});
