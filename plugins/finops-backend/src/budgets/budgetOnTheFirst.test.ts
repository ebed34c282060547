import { TestDatabases, mockCredentials } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Knex } from 'knex';
import { DatabaseCostStore } from '../costs/DatabaseCostStore';
import { migrateMart } from '../database/operations/migrateMart';
import {
  daysOf,
  ScriptedSource,
  usageRow,
  usdRow,
} from '../ingestion/__testUtils__/testSources';
import { DatabasePricingStore } from '../pricing/DatabasePricingStore';
import { budgetStatus } from './budgetStatus';
import { DatabaseBudgetStore } from './DatabaseBudgetStore';
import {
  testComponent,
  testRunner,
} from '../ingestion/__testUtils__/testRunner';

jest.setTimeout(120_000);

const CART = 'component:default/cart-service';

/**
 * On the 1st of a month the month holds no usage yet, only what is booked that day: here a support
 * charge of 50.00 on 2026-03-01 beside February's 2.40 a day. The budget's actual is every loaded
 * day of the period (50.00, what the Costs tab shows for March), and the forecast adds the usage
 * still to come (31 × 2.40) without counting the booked charge twice: 124.40.
 */
describe('a budget on the 1st of the month', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });
  let knex: Knex;

  beforeAll(async () => {
    knex = await databases.init('POSTGRES_18');
    await migrateMart(knex);
  });

  it('counts what is loaded on the 1st and forecasts the rest once', async () => {
    const source = new ScriptedSource('test');
    source.rows.set(
      '2026-02',
      daysOf('2026-02').map(day =>
        usageRow(day, { quantity: '24', billedAmount: '2.40' }),
      ),
    );
    source.rows.set('2026-03', [
      usdRow(
        '2026-03-01',
        {
          key: 'aws:support:business',
          name: 'AWS Support (Business)',
          service: 'AWSSupportBusiness',
          familyKey: 'support',
        },
        '50',
        'test:support:2026-03',
      ),
    ]);
    const runner = testRunner(knex, {
      sources: [source],
      components: [testComponent('cart-service', 'checkout-team')],
      now: '2026-03-01T06:00:00Z',
    });
    const run = await runner.run({
      trigger: 'manual',
      months: ['2026-02', '2026-03'],
    });
    expect(run.status).toBe('succeeded');

    const pricing = DatabasePricingStore.create({ knex });
    const budgets = DatabaseBudgetStore.create({ knex });
    const costs = DatabaseCostStore.create({
      knex,
      catalog: catalogServiceMock({
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: { name: 'cart-service', namespace: 'default' },
            spec: { owner: 'checkout-team' },
          },
        ],
      }),
    });
    const { id: viewId } = await pricing.resolveView('actual');
    const budget = await budgets.create(
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
      },
      'user:default/ada',
    );
    const credentials = mockCredentials.service();
    const applicationIds = await costs.applicationsOf(CART, credentials);
    const march = await costs.getCosts({
      applicationIds,
      viewId,
      from: '2026-03',
      to: '2026-03',
      granularity: 'month',
      groupBy: 'domain',
    });
    expect(march.total).toBe('50.00');

    const status = await budgetStatus(
      { costs },
      budget,
      '2026-03-01',
      credentials,
    );
    expect(status).toMatchObject({
      asOf: '2026-02-28',
      daysElapsed: 0,
      actual: march.total,
      forecast: '124.40',
      percentUsed: '50.0',
    });
    expect(status.series[0]).toMatchObject({
      day: '2026-03-01',
      actual: '50.00',
    });
    expect(status.series[status.series.length - 1]).toMatchObject({
      day: '2026-03-31',
      forecast: '124.40',
    });
  });
});
