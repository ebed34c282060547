import {
  BackstageCredentials,
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  ActionsService,
  actionsServiceRef,
} from '@backstage/backend-plugin-api/alpha';
import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Knex } from 'knex';
import { AddressInfo } from 'node:net';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import request from 'supertest';
import {
  createComputeCut,
  startDemo,
} from '../service/routes/__testUtils__/demoBackend';
import {
  apiGetter,
  cents,
  sumCents,
  withClock,
} from '../service/routes/__testUtils__/consistency';

jest.setTimeout(300_000);

const NOW = '2026-12-01T06:00:00Z';
const ADA = 'user:default/ada';
/** A user the policy of this test denies `finops.actions.use`. */
const OUTSIDER = 'user:default/outsider';
const TOOLS = [
  'finops.explain-cost-change',
  'finops.get-budget-status',
  'finops.get-entity-costs',
  'finops.simulate-price-change',
];

/** Every permission allowed, except the actions' to OUTSIDER. */
const permissions = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory: () => {
    const decide = (name: string, credentials: BackstageCredentials) => ({
      result:
        name === 'finops.actions.use' &&
        (credentials.principal as { userEntityRef?: string }).userEntityRef ===
          OUTSIDER
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
    });
    return {
      authorize: async (
        queries: Array<{ permission: { name: string } }>,
        options?: { credentials: BackstageCredentials },
      ) => queries.map(q => decide(q.permission.name, options!.credentials)),
      authorizeConditional: async (
        queries: Array<{ permission: { name: string } }>,
        options?: { credentials: BackstageCredentials },
      ) => queries.map(q => decide(q.permission.name, options!.credentials)),
    } as any;
  },
});

/** The actions service as another plugin gets it (the MCP backend uses the same one). */
let actions: ActionsService;
const probe = createBackendPlugin({
  pluginId: 'probe',
  register(env) {
    env.registerInit({
      deps: { service: actionsServiceRef },
      async init({ service }) {
        actions = service;
      },
    });
  },
});

describe('the FinOps actions', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });
  let server: any;
  let knex: Knex;
  const get = apiGetter(() => server);
  withClock(NOW);

  beforeAll(async () => {
    knex = await databases.init('POSTGRES_18');
    server = await startDemo(knex, 4, {
      features: [mcpActionsPlugin, probe],
      permissions,
      config: { backend: { actions: { pluginSources: ['finops'] } } },
    });
  });

  /** An MCP client of the backend's MCP endpoint, with a user's token. */
  async function mcpClientOf(userEntityRef: string) {
    const { port } = (server as { address(): AddressInfo }).address();
    const client = new Client({ name: 'finops-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(
        new URL(`http://localhost:${port}/api/mcp-actions/v1`),
        {
          requestInit: {
            headers: {
              Authorization: `Bearer ${mockCredentials.user.token(
                userEntityRef,
              )}`,
            },
          },
        },
      ),
    );
    return client;
  }

  /** A tool's answer through MCP: its structured output, or the error it reported. */
  async function callTool(name: string, args: Record<string, unknown>) {
    const client = await mcpClientOf(ADA);
    try {
      const result = await client.callTool({ name, arguments: args });
      if (result.isError) {
        throw new Error((result.content as Array<{ text: string }>)[0].text);
      }
      return result.structuredContent as any;
    } finally {
      await client.close();
    }
  }

  it('are listed by the actions service, read only, with their schemas', async () => {
    const { actions: listed } = await actions.list({
      credentials: mockCredentials.user(ADA),
    });
    const finops = listed.filter(action => action.pluginId === 'finops');
    expect(finops.map(action => action.id).sort()).toEqual([
      'finops:explain-cost-change',
      'finops:get-budget-status',
      'finops:get-entity-costs',
      'finops:simulate-price-change',
    ]);
    for (const action of finops) {
      expect(action.attributes).toEqual({
        readOnly: true,
        idempotent: true,
        destructive: false,
      });
      expect(action.schema.input).toMatchObject({ type: 'object' });
      expect(action.schema.output).toMatchObject({ type: 'object' });
    }
    // Invoked through the service: the figures of GET /costs.
    const { output } = await actions.invoke({
      id: 'finops:get-entity-costs',
      input: {
        entityRef: 'component:default/cart-service',
        from: '2026-09',
        to: '2026-11',
      },
      credentials: mockCredentials.user(ADA),
    });
    const route = await get('/costs', {
      entityRef: 'component:default/cart-service',
      from: '2026-09',
      to: '2026-11',
    });
    expect((output as { total: string }).total).toBe(route.body.total);

    // Each action, invoked through the service and through MCP: one answer.
    const inputs = {
      'get-entity-costs': { entityRef: 'group:default/commerce' },
      'explain-cost-change': { entityRef: 'system:default/storefront' },
      'get-budget-status': { entityRef: 'component:default/cart-service' },
      'simulate-price-change': { domain: 'CLOUD', multiplier: '1.1' },
    };
    for (const [name, input] of Object.entries(inputs)) {
      const invoked = await actions.invoke({
        id: `finops:${name}`,
        input,
        credentials: mockCredentials.user(ADA),
      });
      expect(invoked.output).toEqual(await callTool(`finops.${name}`, input));
    }
  });

  it('are tools of the MCP endpoint for a user with the permission, and not for one without', async () => {
    const ada = await mcpClientOf(ADA);
    const { tools } = await ada.listTools();
    await ada.close();
    expect(tools.map(tool => tool.name).sort()).toEqual(TOOLS);
    for (const tool of tools) {
      expect(tool.annotations).toMatchObject({
        readOnlyHint: true,
        destructiveHint: false,
        idempotentHint: true,
      });
    }

    const outsider = await mcpClientOf(OUTSIDER);
    expect((await outsider.listTools()).tools).toEqual([]);
    const denied = await outsider.callTool({
      name: 'finops.get-entity-costs',
      arguments: { entityRef: 'component:default/cart-service' },
    });
    await outsider.close();
    expect(denied.isError).toBe(true);
  });

  it('get-entity-costs answers what GET /costs answers, by month and top products', async () => {
    const query = {
      entityRef: 'component:default/cart-service',
      from: '2026-09',
      to: '2026-11',
    };
    const answer = await callTool('finops.get-entity-costs', {
      ...query,
      topProducts: 3,
    });
    const route = (await get('/costs', { ...query, groupBy: 'product' })).body;
    expect(answer).toMatchObject({
      entityRef: query.entityRef,
      view: { key: 'actual' },
      currency: route.currency,
      from: '2026-09',
      to: '2026-11',
      total: route.total,
      direct: route.direct,
      indirect: route.indirect,
    });
    expect(cents(answer.total)).toBeGreaterThan(0n);
    // Every figure adds up: months to the total, products (listed and others) to it too.
    expect(answer.months.map((m: { month: string }) => m.month)).toEqual([
      '2026-09',
      '2026-10',
      '2026-11',
    ]);
    expect(sumCents(answer.months.map((m: any) => m.total))).toBe(
      cents(route.total),
    );
    for (const month of answer.months) {
      expect(cents(month.direct) + cents(month.indirect)).toBe(
        cents(month.total),
      );
    }
    expect(answer.topProducts).toHaveLength(3);
    expect(answer.otherProducts.count).toBeGreaterThan(0);
    expect(
      sumCents(answer.topProducts.map((p: any) => p.cost)) +
        cents(answer.otherProducts.cost),
    ).toBe(cents(route.total));
    // Largest first.
    const costs = answer.topProducts.map((p: any) => cents(p.cost));
    costs.slice(1).forEach((cost: bigint, i: number) => {
      expect(cost <= costs[i]).toBe(true);
    });
    // By default: the last three months, the current one included.
    const byDefault = await callTool('finops.get-entity-costs', {
      entityRef: query.entityRef,
    });
    expect([byDefault.from, byDefault.to]).toEqual(['2026-10', '2026-12']);
    expect(byDefault.total).toBe(
      (
        await get('/costs', {
          entityRef: query.entityRef,
          from: '2026-10',
          to: '2026-12',
        })
      ).body.total,
    );
  });

  it('explain-cost-change answers the like-for-like comparison, its products adding up to the difference', async () => {
    const entityRef = 'system:default/storefront';
    const answer = await callTool('finops.explain-cost-change', {
      entityRef,
    });
    const route = (
      await get('/costs', {
        entityRef,
        from: '2026-11',
        to: '2026-11',
        compareTo: 'previous',
      })
    ).body.comparison;
    expect(answer).toMatchObject({
      entityRef,
      current: { from: '2026-11', to: '2026-11', total: route.total },
      baseline: { from: '2026-10', to: '2026-10', total: route.baselineTotal },
      difference: route.difference,
      volumeEffect: route.volumeEffect,
      priceEffect: route.priceEffect,
      addedCost: route.addedCost,
      removedCost: route.removedCost,
      increases: route.movers.increases,
      decreases: route.movers.decreases,
      others: route.movers.others,
      unattributed: route.movers.unattributed,
    });
    expect(cents(answer.difference)).not.toBe(0n);
    expect(
      cents(answer.volumeEffect) +
        cents(answer.priceEffect) +
        cents(answer.addedCost) -
        cents(answer.removedCost),
    ).toBe(cents(answer.difference));
    const movers = [...answer.increases, ...answer.decreases];
    expect(movers.length).toBeGreaterThan(0);
    expect(
      sumCents(movers.map((m: any) => m.difference)) +
        cents(answer.others.difference) +
        cents(answer.unattributed),
    ).toBe(cents(answer.difference));
    for (const mover of movers) {
      expect(
        cents(mover.volumeEffect) +
          cents(mover.priceEffect) +
          cents(mover.addedCost) -
          cents(mover.removedCost),
      ).toBe(cents(mover.difference));
    }
    // The month to date is compared with the same days of the month before.
    const toDate = await callTool('finops.explain-cost-change', {
      entityRef,
      from: '2026-12',
      to: '2026-12',
    });
    expect(toDate.current).toMatchObject({ through: '2026-12-01' });
    expect(toDate.baseline).toMatchObject({ through: '2026-11-01' });

    await expect(
      callTool('finops.explain-cost-change', { entityRef, to: '2026-13' }),
    ).rejects.toThrow(/InputError: Invalid input: to: must be a month/);
    await expect(
      callTool('finops.explain-cost-change', {
        entityRef: 'component:default/no-such-thing',
      }),
    ).rejects.toThrow(/NotFoundError/);
  });

  it('get-budget-status answers what the budgets route answers', async () => {
    const entityRef = 'component:default/cart-service';
    await request(server)
      .post('/api/finops/budgets')
      .send({
        name: 'Cart monthly',
        scopeType: 'entity',
        scopeRef: entityRef,
        period: 'month',
        amount: '100.00',
        currency: 'USD',
        thresholds: ['50', '80', '100'],
      })
      .expect(201);
    const answer = await callTool('finops.get-budget-status', {
      entityRef,
      at: '2026-11-20',
    });
    const [route] = (
      await get('/budgets', { entityRef, status: 'true' })
    ).body.items.filter((b: { name: string }) => b.name === 'Cart monthly');
    const status = (
      await get(`/budgets/${route.id}/status`, { at: '2026-11-20' })
    ).body;
    expect(answer.budgets).toHaveLength(1);
    expect(answer.budgets[0]).toMatchObject({
      id: route.id,
      name: 'Cart monthly',
      period: 'month',
      amount: status.amount,
      periodStart: '2026-11-01',
      periodEnd: '2026-11-30',
      actual: status.actual,
      forecast: status.forecast,
      percentUsed: status.percentUsed,
      risk: status.risk,
    });
    // cart-service costs far more than 100 a month: every threshold is crossed.
    expect(
      answer.budgets[0].thresholdsCrossed.map((t: any) => t.percent),
    ).toEqual(['50', '80', '100']);
  });

  it('simulate-price-change answers what a saved what-if view would, and saves nothing', async () => {
    const viewsBefore = await knex('pricing_view').count('* as n').first();
    const auditBefore = await knex('audit_event').count('* as n').first();
    const change = {
      family: 'compute',
      multiplier: '0.8',
      from: '2026-09',
      to: '2026-11',
    };
    const entityRef = 'group:default/commerce';
    const simulated = await callTool('finops.simulate-price-change', {
      entityRef,
      ...change,
    });
    const estate = await callTool('finops.simulate-price-change', change);
    expect(await knex('pricing_view').count('* as n').first()).toEqual(
      viewsBefore,
    );
    expect(await knex('audit_event').count('* as n').first()).toEqual(
      auditBefore,
    );

    // The same change saved as a what-if view through the routes.
    await createComputeCut(server, {
      validFrom: '2026-09',
      validTo: '2026-11',
    });
    const period = { from: '2026-09', to: '2026-11' };
    const [actual, cut] = [
      (await get('/costs', { entityRef, ...period })).body,
      (await get('/costs', { entityRef, ...period, view: 'compute-cut' })).body,
    ];
    expect(simulated).toMatchObject({
      scope: entityRef,
      view: 'actual',
      baselineTotal: actual.total,
      simulatedTotal: cut.total,
    });
    expect(cents(simulated.difference)).toBe(
      cents(cut.total) - cents(actual.total),
    );
    expect(cents(simulated.difference)).toBeLessThan(0n);
    expect(sumCents(simulated.months.map((m: any) => m.simulated))).toBe(
      cents(cut.total),
    );
    const [overview, overviewCut] = [
      (await get('/overview', period)).body,
      (await get('/overview', { ...period, view: 'compute-cut' })).body,
    ];
    expect(estate).toMatchObject({
      scope: 'estate',
      baselineTotal: overview.total,
      simulatedTotal: overviewCut.total,
    });

    await expect(
      callTool('finops.simulate-price-change', {
        family: 'compute',
        multiplier: '0.8',
        unitPrice: '1',
      }),
    ).rejects.toThrow(/give exactly one of unitPrice or multiplier/);
    await expect(
      callTool('finops.simulate-price-change', {
        family: 'no-such-family',
        multiplier: '0.8',
      }),
    ).rejects.toThrow(/InputError: Cannot simulate/);
  });
});
