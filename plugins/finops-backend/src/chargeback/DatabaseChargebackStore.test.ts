import { TestDatabases } from '@backstage/backend-test-utils';
import Decimal from 'decimal.js';
import { Knex } from 'knex';
import { DatabaseCostStore } from '../costs/DatabaseCostStore';
import { refreshPrices } from '../pricing/operations/resolvedPrices';
import { DatabaseChargebackStore } from './DatabaseChargebackStore';
import { chargebackReport } from './chargebackReport';
import { Organisation } from './readOrganisation';
import { seedDomains } from '../database/__testUtils__/martRows';

jest.setTimeout(90_000);

/**
 * March 2026: compute at 0.333333 an hour (so that cents do not fall evenly), storage, an
 * unpriced product, and an INDIRECT shared domain of 100.00 split 0.3333 / 0.3333 / 0.3334.
 */
async function seed(knex: Knex) {
  const { id, product, cloud, indirect } = await seedDomains(knex, {
    key: 'SHARED',
    name: 'Shared tooling',
    methodKey: 'components',
    label: 'Split by components',
  });
  const family = (key: string, domain: number) =>
    id(
      'dim_family',
      { family_key: key, name: key, domain_id: domain },
      'family_id',
    );
  const compute = await family('compute', cloud);
  const storage = await family('storage', cloud);
  const tooling = await family('tooling', indirect);
  const A = await product('vm', compute, 'Hrs');
  const B = await product('disk', storage, 'GB-Mo');
  const C = await product('mystery', storage, 'Units');
  const N = await product('tooling', tooling, 'share');
  const app = (name: string, owner?: string, system?: string) =>
    id(
      'dim_application',
      {
        application_key: `component:default/${name}`,
        entity_ref: `component:default/${name}`,
        owner_ref: owner ? `group:default/${owner}` : null,
        system_ref: system ? `system:default/${system}` : null,
        name,
      },
      'application_id',
    );
  const cart = await app('cart', 'checkout-team', 'storefront');
  const pay = await app('pay', 'payments-team', 'storefront');
  const search = await app('search', 'data');
  const unallocated = (
    await knex('dim_application')
      .where({ application_key: 'unallocated' })
      .first()
  ).application_id as number;
  const run = await id(
    'ingestion_run',
    { trigger: 'manual', status: 'succeeded' },
    'run_id',
  );
  await knex.raw(`CREATE TABLE fact_consumption_p202603 PARTITION OF fact_consumption
    FOR VALUES FROM ('2026-03-01') TO ('2026-04-01')`);
  const fact = (
    application: number,
    domain: number,
    productId: number,
    quantity: string,
  ) => ({
    period_month: '2026-03-01',
    day: '2026-03-10',
    domain_id: domain,
    product_id: productId,
    application_id: application,
    source_key: 't',
    quantity,
    consumption_type: domain === indirect ? 'INDIRECT' : 'DIRECT',
    consumption_metric: 'X',
    run_id: run,
  });
  await knex('fact_consumption').insert([
    fact(cart, cloud, A, '10'),
    fact(pay, cloud, A, '10'),
    fact(search, cloud, A, '10'),
    fact(unallocated, cloud, A, '1'),
    fact(cart, cloud, B, '100'),
    fact(search, cloud, C, '5'),
    fact(cart, indirect, N, '0.3333'),
    fact(pay, indirect, N, '0.3333'),
    fact(search, indirect, N, '0.3334'),
  ]);
  await knex.raw(`SELECT finops_refresh_quantities(m.period_month, m.domain_id)
    FROM (SELECT DISTINCT period_month, domain_id FROM fact_consumption) m`);
  const actual = (
    await knex('pricing_view').where({ view_key: 'actual' }).first()
  ).pricing_view_id as number;
  await knex('pricing_rule').insert([
    {
      pricing_view_id: actual,
      product_id: A,
      unit_price: '0.333333',
      valid_from: '2026-01-01',
    },
    {
      pricing_view_id: actual,
      product_id: B,
      unit_price: '0.02',
      valid_from: '2026-01-01',
    },
    {
      pricing_view_id: actual,
      product_id: N,
      unit_price: '100.00',
      valid_from: '2026-01-01',
    },
  ]);
  await refreshPrices(knex);
  return { actual, A, apps: [cart, pay, search, unallocated], cart };
}

const organisation: Organisation = {
  parentOf: new Map([
    ['group:default/checkout-team', 'group:default/commerce'],
    ['group:default/payments-team', 'group:default/commerce'],
  ]),
  costCenterOf: new Map([
    ['component:default/cart', 'cc-42'],
    ['component:default/pay', 'cc-42'],
  ]),
};
const VIEW = { key: 'actual', name: 'Actual', currency: 'USD' };

const sum = (values: string[]) =>
  values.reduce((total, value) => total.plus(value), new Decimal(0)).toFixed(2);

describe('DatabaseChargebackStore', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });

  it('charges owners, cost centres and systems, and adds up to the estate total to the cent', async () => {
    const knex = await databases.init('POSTGRES_18');
    const { actual, apps } = await seed(knex);
    const store = DatabaseChargebackStore.create({ knex });
    const report = await chargebackReport(store, organisation, {
      month: '2026-03',
      viewId: actual,
      view: VIEW,
    });

    // Hand-computed: compute 31 h × 0.333333 = 10.333323, storage 100 × 0.02 = 2, shared 100.
    expect(report.total).toBe('112.33');
    expect(report.direct).toBe('12.33');
    expect(report.indirect).toBe('100.00');
    // Direct cells: cart 5.33333, pay 3.33333, search 3.33333, unallocated 0.333333 = 12.333323.
    // Rounded down they make 12.32: the one cent left goes to the largest remainder, the
    // unallocated 0.003333 (the others lose 0.00333).
    expect(report.unallocated).toBe('0.34');
    // The estate total of the view, as the cost store and plain SQL give it.
    const estate = await DatabaseCostStore.create({ knex }).getCosts({
      applicationIds: apps,
      viewId: actual,
      from: '2026-03',
      to: '2026-03',
      granularity: 'month',
      groupBy: 'domain',
    });
    expect(estate.total).toBe(report.total);

    // Every grouping adds up to the total, and each group's direct + indirect to its cost.
    expect(sum([...report.byOwner.map(o => o.cost), report.unallocated])).toBe(
      report.total,
    );
    expect(sum(report.byCostCenter.map(g => g.cost))).toBe(report.total);
    expect(sum(report.bySystem.map(g => g.cost))).toBe(report.total);
    expect(sum(report.lines.flatMap(l => (l.cost ? [l.cost] : [])))).toBe(
      report.total,
    );
    for (const group of [
      ...report.byOwner,
      ...report.byCostCenter,
      ...report.bySystem,
    ]) {
      expect(sum([group.direct, group.indirect])).toBe(group.cost);
    }

    const owner = (key: string) =>
      report.byOwner.find(o => o.key === `group:default/${key}`);
    // cart: 3.33333 + 2 + 33.33; pay: 3.33333 + 33.33; search: 3.33333 + 33.34 (+ unpriced).
    expect(owner('checkout-team')).toMatchObject({
      direct: '5.33',
      indirect: '33.33',
      parentRef: 'group:default/commerce',
    });
    expect(owner('payments-team')!.indirect).toBe('33.33');
    expect(owner('data')!.indirect).toBe('33.34');
    expect(
      sum([
        owner('checkout-team')!.direct,
        owner('payments-team')!.direct,
        owner('data')!.direct,
      ]),
    ).toBe('11.99');
    // The parent group is charged nothing of its own, and what its teams own rolled up.
    expect(owner('commerce')).toMatchObject({
      cost: '0.00',
      rolledUp: sum([
        owner('checkout-team')!.cost,
        owner('payments-team')!.cost,
      ]),
    });
    expect(report.byCostCenter.map(g => g.key).sort()).toEqual([
      'cc-42',
      'none',
      'unallocated',
    ]);
    // Every grouping is a sum of its applications' cents (the cents the costs routes show for
    // them): storefront (cart + pay, exact 75.32666) is the sum of its two owners' costs, 75.32,
    // not its own exact sum rounded.
    expect(
      report.bySystem.find(g => g.key === 'system:default/storefront')!.cost,
    ).toBe(sum([owner('checkout-team')!.cost, owner('payments-team')!.cost]));
    expect(
      report.bySystem.find(g => g.key === 'system:default/storefront')!.cost,
    ).toBe('75.32');
    // Indirect lines say how they were computed: method, coefficient, amount distributed.
    expect(
      report.lines.find(l => l.name === 'search' && l.mode === 'INDIRECT'),
    ).toMatchObject({
      methodKey: 'components',
      methodLabel: 'Split by components',
      quantity: '0.3334',
      unitPrice: '100',
      cost: '33.34',
    });
    // Unpriced quantities are listed, never costed at 0.
    const unpriced = report.lines.find(l => l.productKey === 'mystery')!;
    expect(unpriced.unitPrice).toBeUndefined();
    expect(unpriced.cost).toBeUndefined();
  });

  it('closes a month with its figures, shows drift after a price change, and closes once', async () => {
    const knex = await databases.init('POSTGRES_18');
    const { actual, A, cart } = await seed(knex);
    const store = DatabaseChargebackStore.create({ knex });
    const before = await chargebackReport(store, organisation, {
      month: '2026-03',
      viewId: actual,
      view: VIEW,
    });
    const close = await store.close(
      {
        month: '2026-03',
        viewId: actual,
        viewKey: 'actual',
        viewName: 'Actual',
        currency: 'USD',
        note: 'sent to finance',
      },
      organisation,
      'user:default/alice',
    );
    expect(close).toMatchObject({
      month: '2026-03',
      view: 'actual',
      total: '112.33',
      closedBy: 'user:default/alice',
    });
    const audit = await knex('audit_event').where({
      event_id: 'chargeback-close',
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      subject_type: 'chargeback',
      subject_id: '2026-03:actual',
      actor_ref: 'user:default/alice',
    });

    // The price of compute doubles after the month was closed.
    await knex('pricing_rule').insert({
      pricing_view_id: actual,
      product_id: A,
      unit_price: '0.666666',
      valid_from: '2026-03-01',
    });
    await refreshPrices(knex);
    const after = await chargebackReport(store, organisation, {
      month: '2026-03',
      viewId: actual,
      view: VIEW,
    });
    expect(after.status).toBe('closed');
    const { closed, status: _s, ...figures } = after;
    const { status: _b, ...beforeFigures } = before;
    expect(figures).toEqual(beforeFigures);
    // Live: 31 h × 0.666666 = 20.666646 → 122.67 in all, i.e. 10.34 more.
    expect(closed!.drift.total).toBe('10.34');
    expect(closed!.note).toBe('sent to finance');
    expect(sum(closed!.drift.byOwner.map(o => o.drift))).toBe('10.34');

    // The entity's share of the closed report.
    const entity = await chargebackReport(store, organisation, {
      month: '2026-03',
      viewId: actual,
      view: VIEW,
      entityRef: 'component:default/cart',
      applicationIds: [cart],
    });
    expect(entity.total).toBe(
      sum(entity.lines.flatMap(l => (l.cost ? [l.cost] : []))),
    );
    expect(
      entity.lines.every(l => l.entityRef === 'component:default/cart'),
    ).toBe(true);

    await expect(
      store.close(
        {
          month: '2026-03',
          viewId: actual,
          viewKey: 'actual',
          viewName: 'Actual',
          currency: 'USD',
          note: '',
        },
        organisation,
        'user:default/bob',
      ),
    ).rejects.toThrow(/already closed/);
    expect(await store.listCloses(10)).toEqual([
      expect.objectContaining({
        month: '2026-03',
        view: 'actual',
        total: '112.33',
      }),
    ]);
  });
});
