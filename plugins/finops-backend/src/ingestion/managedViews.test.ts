import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { DatabaseCostStore } from '../costs/DatabaseCostStore';
import { migrateMart } from '../database/operations/migrateMart';
import { DatabasePricingStore } from '../pricing/DatabasePricingStore';
import { ScriptedSource, usageRow, usdRow } from './__testUtils__/testSources';
import { testComponent, testRunner } from './__testUtils__/testRunner';

jest.setTimeout(120_000);

/**
 * The views the batch writes beside actual inherit from it: a row that carries no list, contracted
 * or amortized amount (tax, here) is priced at its actual price in those views, not dropped.
 * Usage: 24 h billed 2.40, listed 3.00, amortized 2.00; tax 0.50 with no other amount.
 */
describe('managed views', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });
  let knex: Knex;

  beforeAll(async () => {
    knex = await databases.init('POSTGRES_18');
    await migrateMart(knex);
  });

  it('price what they carry no amount for at the actual price', async () => {
    const source = new ScriptedSource('test');
    const monthListed = (listAmount: string) => [
      usageRow('2026-02-10', {
        billedAmount: '2.40',
        listAmount,
        amortizedAmount: '2.00',
      }),
      usdRow(
        '2026-02-01',
        { key: 'aws:tax', name: 'Tax', service: 'Tax', familyKey: 'tax' },
        '0.5',
        'test:tax',
      ),
    ];
    source.rows.set('2026-02', monthListed('3.00'));
    const runner = testRunner(knex, {
      sources: [source],
      components: [testComponent('cart-service', 'checkout-team')],
      now: '2026-03-15T06:00:00Z',
    });
    expect(
      (await runner.run({ trigger: 'manual', months: ['2026-02'] })).status,
    ).toBe('succeeded');

    const pricing = DatabasePricingStore.create({ knex });
    const { rows: apps } = await knex.raw(
      'SELECT array_agg(application_id) AS ids FROM dim_application',
    );
    /** Each view's total, by product and in the overview (which must agree). */
    const totalsOf = async () => {
      const costs = DatabaseCostStore.create({ knex });
      const totals: Record<string, string> = {};
      for (const key of ['actual', 'list', 'amortized']) {
        const { id: viewId } = await pricing.resolveView(key);
        const result = await costs.getCosts({
          applicationIds: apps[0].ids,
          viewId,
          from: '2026-02',
          to: '2026-02',
          granularity: 'month',
          groupBy: 'product',
        });
        expect(result.unpriced).toEqual([]);
        totals[key] = result.total;
        const overview = await costs.getOverview({
          viewId,
          from: '2026-02',
          to: '2026-02',
        });
        expect(overview.total).toBe(result.total);
      }
      return totals;
    };
    for (const key of ['list', 'amortized']) {
      expect((await pricing.resolveView(key)).view.parent).toBe('actual');
    }
    expect(await totalsOf()).toEqual({
      actual: '2.90',
      list: '3.50',
      amortized: '2.50',
    });

    // The same rows, listed dearer: the facts are kept as they were, the list view's prices
    // and costs follow the delivery.
    source.rows.set('2026-02', monthListed('4.00'));
    expect(
      (await runner.run({ trigger: 'manual', months: ['2026-02'] })).status,
    ).toBe('succeeded');
    expect(
      await knex('fact_consumption').distinct('run_id').pluck('run_id'),
    ).toHaveLength(1);
    expect(await totalsOf()).toEqual({
      actual: '2.90',
      list: '4.50',
      amortized: '2.50',
    });
  });
});
