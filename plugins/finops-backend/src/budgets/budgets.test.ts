import {
  TestDatabases,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Knex } from 'knex';
import { DatabaseCostStore } from '../costs/DatabaseCostStore';
import { migrateMart } from '../database/operations/migrateMart';
import {
  ScriptedSource,
  daysOf,
  usageRow,
} from '../ingestion/__testUtils__/testSources';
import { DatabasePricingStore } from '../pricing/DatabasePricingStore';
import { budgetStatus } from './budgetStatus';
import { BudgetInput } from './BudgetStore';
import { DatabaseBudgetStore } from './DatabaseBudgetStore';
import { evaluateBudgetAlerts } from './evaluateAlerts';
import {
  testComponent,
  testRunner,
} from '../ingestion/__testUtils__/testRunner';

jest.setTimeout(120_000);

const CART = 'component:default/cart-service';
const entities = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'cart-service', namespace: 'default' },
    spec: { owner: 'checkout-team' },
  },
];

/**
 * cart-service uses 24 m5.large hours a day billed 2.40 (0.10 an hour) every day of February and
 * March 1–20, 2026. On 2026-03-21 (yesterday = the 20th):
 * month: actual 20 × 2.40 = 48.00, burn 2.40/day, forecast 48.00 + 11 × 2.40 = 74.40;
 * quarter: actual 28 × 2.40 + 48.00 = 115.20, forecast 115.20 + 26.40 = 141.60; next-year view (CLOUD × 1.1): month actual 52.80.
 */
describe('budgets', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });
  let knex: Knex;
  let budgets: DatabaseBudgetStore;
  let pricing: DatabasePricingStore;
  let costs: DatabaseCostStore;
  const credentials = mockCredentials.service();

  beforeAll(async () => {
    knex = await databases.init('POSTGRES_18');
    await migrateMart(knex);
    const source = new ScriptedSource('test');
    source.rows.set(
      '2026-02',
      daysOf('2026-02').map(day =>
        usageRow(day, { quantity: '24', billedAmount: '2.40' }),
      ),
    );
    source.rows.set(
      '2026-03',
      daysOf('2026-03')
        .slice(0, 20)
        .map(day => usageRow(day, { quantity: '24', billedAmount: '2.40' })),
    );
    const runner = testRunner(knex, {
      sources: [source],
      components: [testComponent('cart-service', 'checkout-team')],
      now: '2026-03-21T08:00:00Z',
    });
    const run = await runner.run({
      trigger: 'manual',
      months: ['2026-02', '2026-03'],
    });
    if (run.status !== 'succeeded') throw new Error(`run ${run.status}`);
    budgets = DatabaseBudgetStore.create({ knex });
    pricing = DatabasePricingStore.create({ knex });
    costs = DatabaseCostStore.create({
      knex,
      catalog: catalogServiceMock({ entities }),
    });
  });

  async function create(overrides: Partial<BudgetInput> = {}) {
    const { id: viewId } = await pricing.resolveView('actual');
    return budgets.create(
      {
        name: 'Cart',
        scopeType: 'entity',
        scopeRef: CART,
        ownerRef: 'group:default/checkout-team',
        period: 'month',
        amount: '100',
        currency: 'USD',
        viewId,
        thresholds: ['50', '80', '100'],
        alertOnForecast: true,
        ...overrides,
      },
      'user:default/ada',
    );
  }

  it('reports actual, burn rate, days left, forecast, variance and thresholds of a month', async () => {
    const budget = await create();
    const status = await budgetStatus(
      { costs },
      budget,
      '2026-03-21',
      credentials,
    );
    expect(status).toMatchObject({
      periodStart: '2026-03-01',
      periodEnd: '2026-03-31',
      asOf: '2026-03-20',
      daysElapsed: 20,
      daysInPeriod: 31,
      amount: '100.00',
      actual: '48.00',
      burnRatePerDay: '2.40',
      daysLeft: 21,
      forecast: '74.40',
      variance: '-25.60',
      percentUsed: '48.0',
      risk: '74.4',
    });
    expect(
      status.thresholds.map(t => [
        t.percent,
        t.amount,
        t.crossedByActual,
        t.crossedByForecast,
      ]),
    ).toEqual([
      ['50', '50.00', false, true],
      ['80', '80.00', false, false],
      ['100', '100.00', false, false],
    ]);
    expect(status.series[19]).toEqual({
      day: '2026-03-20',
      actual: '48.00',
      forecast: '48.00',
    });
    expect(status.series[30]).toMatchObject({
      day: '2026-03-31',
      forecast: '74.40',
    });
    // Audit row written with the budget.
    expect(await budgets.listAudit(budget.id)).toMatchObject([
      { eventId: 'budget-create', actorRef: 'user:default/ada' },
    ]);
    await budgets.delete(budget.id, 'user:default/ada');
  });

  it('covers a quarter, and the estate in a budget-kind pricing view', async () => {
    const quarter = await create({ period: 'quarter', amount: '200' });
    const status = await budgetStatus(
      { costs },
      quarter,
      '2026-03-21',
      credentials,
    );
    expect(status).toMatchObject({
      periodStart: '2026-01-01',
      periodEnd: '2026-03-31',
      daysElapsed: 79,
      actual: '115.20',
      forecast: '141.60',
      daysLeft: 58, // 84.80 ÷ (115.20 ÷ 79) = 58.2
    });
    await budgets.delete(quarter.id, 'user:default/ada');

    await pricing.createView(
      {
        key: 'next-year',
        name: 'Next year',
        description: '',
        kind: 'budget',
        currency: 'USD',
        parent: 'actual',
      },
      'user:default/ada',
    );
    await pricing.addRules(
      'next-year',
      [
        {
          index: 0,
          rule: { domain: 'CLOUD', multiplier: '1.1', validFrom: '2026-01' },
        },
      ],
      'user:default/ada',
    );
    const { id: viewId } = await pricing.resolveView('next-year');
    const estate = await create({
      scopeType: 'estate',
      scopeRef: undefined,
      ownerRef: undefined,
      viewId,
    });
    const atNextYearRates = await budgetStatus(
      { costs },
      estate,
      '2026-03-21',
      credentials,
    );
    expect(atNextYearRates).toMatchObject({
      actual: '52.80',
      burnRatePerDay: '2.64',
      forecast: '81.84',
    });
    await budgets.delete(estate.id, 'user:default/ada');
  });

  it('alerts once per threshold and period, by actual and by forecast, even when re-run', async () => {
    const forecastOnly = await create({ name: 'Forecast' });
    const crossed = await create({ name: 'Crossed', amount: '90' });
    const send = jest.fn();
    const deps = {
      costs,
      budgets,
      pricing,
      notifications: { send },
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      adminGroups: ['group:default/finops'],
      anomalyMinAmount: 100,
      now: () => new Date('2026-03-21T08:00:00Z'),
    };
    expect(await evaluateBudgetAlerts(deps, 1)).toEqual({ sent: 3 });
    expect(await evaluateBudgetAlerts(deps, 2)).toEqual({ sent: 0 });
    expect(send).toHaveBeenCalledTimes(3);
    const titles = send.mock.calls.map(([n]) => n.payload.title).sort();
    expect(titles).toEqual([
      'Budget "Crossed" has reached 50 % (48.00 of 90.00 USD)',
      'Budget "Crossed" is forecast to reach 80 % (74.40 of 90.00 USD)',
      'Budget "Forecast" is forecast to reach 50 % (74.40 of 100.00 USD)',
    ]);
    expect(send.mock.calls[0][0].recipients).toEqual({
      type: 'entity',
      entityRef: ['group:default/checkout-team', 'group:default/finops'],
    });
    expect(
      (await budgets.listAlerts(crossed.id)).map(a => [a.kind, a.threshold]),
    ).toEqual([
      ['forecast', '80'],
      ['actual', '50'],
    ]);
    expect(await budgets.listAlerts(forecastOnly.id)).toHaveLength(1);
    // The database refuses a second row for the same threshold and period.
    await expect(
      knex('budget_alert').insert({
        budget_id: crossed.id,
        period_start: '2026-03-01',
        kind: 'actual',
        threshold: '50',
        actual: '1',
        amount: '90',
      }),
    ).rejects.toThrow(/budget_alert_once_uq/);
  });
});
