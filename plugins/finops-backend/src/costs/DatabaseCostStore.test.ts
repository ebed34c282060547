import { TestDatabases } from '@backstage/backend-test-utils';
import { COST_GROUP_BYS } from '@finops-backstage/plugin-finops-common';
import Decimal from 'decimal.js';
import { Knex } from 'knex';
import { CostGroupBy } from './CostStore';
import { refreshPrices } from '../pricing/operations/resolvedPrices';
import { DatabaseCostStore } from './DatabaseCostStore';
import { seedDomains } from '../database/__testUtils__/martRows';

jest.setTimeout(60_000);

/** A small mart: one app using compute (A), storage (B) and an unpriced product (C), and an indirect domain. */
async function seed(knex: Knex) {
  const { id, product, cloud, indirect } = await seedDomains(knex, {
    key: 'NETWORK',
    name: 'Network',
    methodKey: 'traffic',
    label: 'Split by traffic',
  });
  const compute = await id(
    'dim_family',
    { family_key: 'compute', name: 'Compute', domain_id: cloud },
    'family_id',
  );
  const storage = await id(
    'dim_family',
    { family_key: 'storage', name: 'Storage', domain_id: cloud },
    'family_id',
  );
  const shared = await id(
    'dim_family',
    { family_key: 'network', name: 'Network', domain_id: indirect },
    'family_id',
  );
  const A = await product('A', compute, 'Hrs');
  const B = await product('B', storage, 'GB-Mo');
  const C = await product('C', compute, 'Hrs');
  const N = await product('N', shared, 'coefficient');
  const app = await id(
    'dim_application',
    {
      application_key: 'app',
      entity_ref: 'component:default/app',
      name: 'app',
    },
    'application_id',
  );
  const run = await id(
    'ingestion_run',
    { trigger: 'manual', status: 'succeeded' },
    'run_id',
  );
  for (const month of ['2026-02', '2026-03']) {
    await knex.raw(`CREATE TABLE fact_consumption_p${month.replace(
      '-',
      '',
    )} PARTITION OF fact_consumption
      FOR VALUES FROM ('${month}-01') TO ('${month}-01'::date + interval '1 month')`);
  }
  const fact = (
    month: string,
    domain: number,
    productId: number,
    quantity: string,
    type = 'DIRECT',
  ) => ({
    period_month: `${month}-01`,
    day: `${month}-10`,
    domain_id: domain,
    product_id: productId,
    application_id: app,
    source_key: 't',
    quantity,
    consumption_type: type,
    consumption_metric: 'X',
    run_id: run,
  });
  await knex('fact_consumption').insert([
    fact('2026-02', cloud, A, '100'),
    fact('2026-02', cloud, B, '1000'),
    fact('2026-03', cloud, A, '120'),
    fact('2026-03', cloud, B, '900'),
    fact('2026-03', cloud, C, '7'),
    fact('2026-03', indirect, N, '0.45', 'INDIRECT'),
  ]);
  await knex.raw(
    `SELECT finops_refresh_quantities(m.period_month, m.domain_id)
       FROM (SELECT DISTINCT period_month, domain_id FROM fact_consumption) m`,
  );
  await knex.raw(
    `SELECT finops_refresh_estate_monthly(m.period_month, m.domain_id)
       FROM (SELECT DISTINCT period_month, domain_id FROM fact_consumption) m`,
  );

  const view = async (key: string, parent?: number) =>
    id(
      'pricing_view',
      {
        view_key: key,
        name: key,
        kind: 'what-if',
        currency: 'USD',
        parent_id: parent ?? null,
      },
      'pricing_view_id',
    );
  const actual = (
    await knex('pricing_view').where({ view_key: 'actual' }).first()
  ).pricing_view_id;
  const list = await view('list', actual);
  const whatIf = await view('what-if', list);
  const rule = (
    viewId: number,
    target: Record<string, number>,
    value: Record<string, string>,
    from = '2026-01-01',
  ) =>
    knex('pricing_rule').insert({
      pricing_view_id: viewId,
      valid_from: from,
      ...target,
      ...value,
    });
  await rule(actual, { product_id: A }, { unit_price: '0.10' });
  await rule(actual, { product_id: B }, { unit_price: '0.02' });
  await rule(actual, { product_id: A }, { unit_price: '0.12' }, '2026-03-01');
  await rule(actual, { product_id: N }, { unit_price: '100000' });
  await rule(list, { family_id: compute }, { multiplier: '1.5' });
  await rule(whatIf, { domain_id: cloud }, { multiplier: '0.5' });
  await rule(whatIf, { product_id: B }, { unit_price: '0.05' });
  await refreshPrices(knex);
  return { app, actual, list, whatIf, B, cloud, compute, run };
}

describe('DatabaseCostStore', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });

  async function setup() {
    const knex = await databases.init('POSTGRES_18');
    const ids = await seed(knex);
    const store = DatabaseCostStore.create({ knex });
    const costs = (viewId: number, groupBy: 'product' | 'domain' = 'product') =>
      store.getCosts({
        applicationIds: [ids.app],
        viewId,
        from: '2026-02',
        to: '2026-03',
        granularity: 'month',
        groupBy,
      });
    const byKey = async (viewId: number) =>
      Object.fromEntries(
        (await costs(viewId)).rows
          .filter(r => r.mode === 'DIRECT')
          .map(r => [`${r.key}@${r.period}`, r.cost]),
      );
    return { knex, store, costs, byKey, ...ids };
  }

  it('resolves prices through the view, its parents, multipliers and validity', async () => {
    const { byKey, actual, list, whatIf } = await setup();
    expect(await byKey(actual)).toEqual({
      'A@2026-02': '10.00', // 100 × 0.10
      'B@2026-02': '20.00', // 1000 × 0.02
      'A@2026-03': '14.40', // 120 × 0.12: the March rule is newer
      'B@2026-03': '18.00',
      'C@2026-03': '0.00', // unpriced: reported apart, never costed
    });
    expect(await byKey(list)).toEqual({
      'A@2026-02': '15.00', // compute × 1.5
      'B@2026-02': '20.00', // inherited as is
      'A@2026-03': '21.60',
      'B@2026-03': '18.00',
      'C@2026-03': '0.00',
    });
    expect(await byKey(whatIf)).toEqual({
      'A@2026-02': '7.50', // × 1.5 × 0.5
      'B@2026-02': '50.00', // its own price beats the domain multiplier
      'A@2026-03': '10.80',
      'B@2026-03': '45.00',
      'C@2026-03': '0.00',
    });
  });

  it('reports unpriced quantities', async () => {
    const { costs, actual } = await setup();
    const result = await costs(actual);
    expect(result.unpriced).toEqual([
      {
        productKey: 'C',
        name: 'C',
        unit: 'Hrs',
        month: '2026-03',
        quantity: '7',
      },
    ]);
  });

  it('changing a price changes every cost that uses it and nothing else', async () => {
    const { knex, byKey, actual, list, whatIf, B } = await setup();
    const before = {
      actual: await byKey(actual),
      list: await byKey(list),
      whatIf: await byKey(whatIf),
    };
    await knex('pricing_rule')
      .where({ pricing_view_id: actual, product_id: B })
      .update({ unit_price: '0.03' });
    // The product's writes refresh the resolved prices in their transaction; this one by hand.
    await refreshPrices(knex, { views: [actual] });
    const after = {
      actual: await byKey(actual),
      list: await byKey(list),
      whatIf: await byKey(whatIf),
    };
    expect(after.actual).toEqual({
      ...before.actual,
      'B@2026-02': '30.00',
      'B@2026-03': '27.00',
    });
    expect(after.list).toEqual({
      ...before.list,
      'B@2026-02': '30.00',
      'B@2026-03': '27.00',
    });
    expect(after.whatIf).toEqual(before.whatIf);
  });

  it('reuses an overview until a load, a run or an audited change happens', async () => {
    const { knex, store, actual, B } = await setup();
    const query = { viewId: actual, from: '2026-03', to: '2026-03' };
    // 120 × 0.12 + 900 × 0.02 + 0.45 × 100 000
    expect((await store.getOverview(query)).total).toBe('45032.40');
    // A change that leaves no trace is not seen (the answer is reused) ...
    await knex('pricing_rule')
      .where({ pricing_view_id: actual, product_id: B })
      .update({ unit_price: '0.03' });
    // The product's writes refresh the resolved prices in their transaction; this one by hand.
    await refreshPrices(knex, { views: [actual] });
    expect((await store.getOverview(query)).total).toBe('45032.40');
    // ... an audited one is: every write of the product leaves an audit record.
    await knex('audit_event').insert({
      event_id: 'pricing-rule-update',
      actor_ref: 'user:default/ada',
      subject_type: 'pricing_view',
      subject_id: 'actual',
    });
    expect((await store.getOverview(query)).total).toBe('45041.40');
    // A finished run too.
    await knex('pricing_rule')
      .where({ pricing_view_id: actual, product_id: B })
      .update({ unit_price: '0.02' });
    await refreshPrices(knex, { views: [actual] });
    await knex('ingestion_run').update({ finished_at: knex.fn.now() });
    expect((await store.getOverview(query)).total).toBe('45032.40');
  });

  it('charges an indirect share: 100 000 × 0.45 = 45 000', async () => {
    const { costs, actual } = await setup();
    const result = await costs(actual, 'domain');
    expect(result.rows.find(r => r.key === 'NETWORK')).toMatchObject({
      mode: 'INDIRECT',
      period: '2026-03',
      cost: '45000.00',
    });
    expect(result.indirect).toBe('45000.00');
    expect(result.direct).toBe('62.40');
    expect(result.total).toBe('45062.40');
    expect(result.indirectShares).toEqual([
      {
        domainKey: 'NETWORK',
        label: 'Split by traffic',
        methodKey: 'traffic',
        month: '2026-03',
        coefficient: '0.45',
        amountDistributed: '100000.00',
        cost: '45000.00',
      },
    ]);
  });

  it('splits a difference into volume and price effects that add up exactly', async () => {
    const { store, app, actual, list } = await setup();
    // Two views, same period: all price effect.
    const views = await store.compare(
      [app],
      { viewId: list, from: '2026-03', to: '2026-03' },
      { viewId: actual, from: '2026-03', to: '2026-03' },
    );
    expect(views).toEqual({
      baselineTotal: '45032.40',
      total: '45039.60',
      difference: '7.20',
      volumeEffect: '0.00',
      priceEffect: '7.20',
      addedCost: '0.00',
      removedCost: '0.00',
      oneSided: {
        items: [],
        omitted: { count: 0, addedCost: '0.00', removedCost: '0.00' },
      },
      movers: {
        increases: [
          {
            productKey: 'A',
            name: 'A',
            unit: 'Hrs',
            baselineQuantity: '120',
            quantity: '120',
            difference: '7.20',
            volumeEffect: '0.00',
            priceEffect: '7.20',
            addedCost: '0.00',
            removedCost: '0.00',
          },
        ],
        decreases: [],
        others: { count: 3, difference: '0.00' },
        unattributed: '0.00',
      },
    });
    // March against February in the actual view: A 100 → 120 at 0.10 → 0.12, B 1000 → 900 at 0.02.
    const periods = await store.compare(
      [app],
      { viewId: actual, from: '2026-03', to: '2026-03' },
      { viewId: actual, from: '2026-02', to: '2026-02' },
    );
    // volume: (120 − 100) × 0.10 + (900 − 1000) × 0.02 + (0.45 − 0) × 100 000 (N is new in March,
    // priced since January); price: 120 × (0.12 − 0.10) = 2.40. C is unpriced: left out.
    expect(periods).toMatchObject({
      baselineTotal: '30.00',
      total: '45032.40',
      difference: '45002.40',
      volumeEffect: '45000.00',
      priceEffect: '2.40',
      addedCost: '0.00',
      removedCost: '0.00',
    });
  });

  /** More costs on top of the seed: products priced in the actual view, used by applications. */
  async function addCosts(
    knex: Knex,
    ids: Awaited<ReturnType<typeof seed>>,
    products: Array<{
      key: string;
      provider?: string;
      unit?: string;
      price: string;
      validFrom?: string;
      validTo?: string;
      /** [application key, day, quantity] */
      facts: Array<[string, string, string]>;
    }>,
  ) {
    const apps = new Map<string, number>([['app', ids.app]]);
    const appId = async (key: string) => {
      if (!apps.has(key)) {
        const [row] = await knex('dim_application')
          .insert({
            application_key: key,
            entity_ref: `component:default/${key}`,
            name: key,
          })
          .returning('application_id');
        apps.set(key, row.application_id);
      }
      return apps.get(key)!;
    };
    for (const product of products) {
      const [{ product_id: productId }] = await knex('dim_product')
        .insert({
          product_key: product.key,
          family_id: ids.compute,
          name: product.key,
          unit: product.unit ?? 'Hrs',
          provider: product.provider ?? 'aws',
          service: product.key,
          valid_from: '2020-01-01',
        })
        .returning('product_id');
      await knex('pricing_rule').insert({
        pricing_view_id: ids.actual,
        product_id: productId,
        unit_price: product.price,
        valid_from: product.validFrom ?? '2026-01-01',
        valid_to: product.validTo ?? null,
      });
      for (const [app, day, quantity] of product.facts) {
        await knex('fact_consumption').insert({
          period_month: `${day.slice(0, 7)}-01`,
          day,
          domain_id: ids.cloud,
          product_id: productId,
          application_id: await appId(app),
          source_key: 't',
          quantity,
          consumption_type: 'DIRECT',
          consumption_metric: 'X',
          run_id: ids.run,
        });
      }
    }
    await knex.raw(
      `SELECT finops_refresh_quantities(m.period_month, m.domain_id)
         FROM (SELECT DISTINCT period_month, domain_id FROM fact_consumption) m`,
    );
    await knex.raw(
      `SELECT finops_refresh_estate_monthly(m.period_month, m.domain_id)
         FROM (SELECT DISTINCT period_month, domain_id FROM fact_consumption) m`,
    );
    await refreshPrices(knex);
    return apps;
  }

  const sum = (values: string[]) =>
    values.reduce((a, b) => a.plus(b), new Decimal(0)).toFixed(2);

  it('rounds each component-month once: rows of every grouping and every day add up to the total', async () => {
    const { knex, store, ...ids } = await setup();
    // Three products of 0.335 each: rounded one by one they would make 1.02 of a 1.005 total.
    const apps = await addCosts(knex, ids, [
      {
        key: 'D',
        price: '0.335',
        facts: [
          ['three', '2026-03-10', '0.5'],
          ['three', '2026-03-11', '0.5'],
        ],
      },
      { key: 'E', price: '0.335', facts: [['three', '2026-03-10', '1']] },
      { key: 'F', price: '0.335', facts: [['three', '2026-03-12', '1']] },
    ]);
    const three = apps.get('three')!;
    const costsOf = (
      groupBy: CostGroupBy,
      granularity: 'month' | 'day' = 'month',
      applicationIds = [three],
    ) =>
      store.getCosts({
        applicationIds,
        viewId: ids.actual,
        from: '2026-02',
        to: '2026-03',
        granularity,
        groupBy,
      });
    const byProduct = await costsOf('product');
    expect(byProduct.total).toBe('1.01');
    expect(byProduct.rows.map(r => [r.key, r.cost])).toEqual([
      ['D', '0.34'],
      ['E', '0.34'],
      ['F', '0.33'],
    ]);
    for (const applicationIds of [[three], [three, ids.app]]) {
      const monthly = await costsOf('product', 'month', applicationIds);
      for (const groupBy of COST_GROUP_BYS) {
        for (const granularity of ['month', 'day'] as const) {
          const result = await costsOf(groupBy, granularity, applicationIds);
          expect(result.total).toBe(monthly.total);
          expect(sum(result.rows.map(r => r.cost))).toBe(result.total);
          expect(sum([result.direct, result.indirect])).toBe(result.total);
          // A month of the answer has the same cents whatever the grouping or granularity.
          for (const month of ['2026-02', '2026-03']) {
            expect(
              sum(
                result.rows
                  .filter(r => r.period.startsWith(month))
                  .map(r => r.cost),
              ),
            ).toBe(
              sum(
                monthly.rows.filter(r => r.period === month).map(r => r.cost),
              ),
            );
          }
        }
      }
    }
    // Days share out their month's row: D's 0.34 over two days of 0.1675.
    const daily = await costsOf('product', 'day');
    expect(
      daily.rows.filter(r => r.key === 'D').map(r => [r.period, r.cost]),
    ).toEqual([
      ['2026-03-10', '0.17'],
      ['2026-03-11', '0.17'],
    ]);
  });

  it("gives a component in a group's answer the cents of its own answer", async () => {
    const { knex, store, ...ids } = await setup();
    const apps = await addCosts(knex, ids, [
      { key: 'D', price: '0.335', facts: [['three', '2026-03-10', '1']] },
      { key: 'E', price: '0.335', facts: [['three', '2026-03-10', '1']] },
      { key: 'F', price: '0.335', facts: [['three', '2026-03-10', '1']] },
      { key: 'G', price: '0.335', facts: [['one', '2026-03-10', '1']] },
    ]);
    const costsOf = (applicationIds: number[], groupBy: CostGroupBy) =>
      store.getCosts({
        applicationIds,
        viewId: ids.actual,
        from: '2026-03',
        to: '2026-03',
        granularity: 'month',
        groupBy,
      });
    const three = await costsOf([apps.get('three')!], 'product');
    const one = await costsOf([apps.get('one')!], 'product');
    const group = await costsOf(
      [apps.get('three')!, apps.get('one')!],
      'component',
    );
    // March of the estate: 45 032.40 (app) + 1.005 (three) + 0.335 (one) = 45 033.74, rounded
    // once; the cent left by flooring goes to the first of the equal remainders, three.
    expect([three.total, one.total]).toEqual(['1.01', '0.33']);
    expect(group.rows.map(r => [r.key, r.cost])).toEqual([
      ['component:default/one', '0.33'],
      ['component:default/three', '1.01'],
    ]);
    expect(group.total).toBe('1.34');
    const estate = await costsOf([ids.app, ...apps.values()], 'component');
    expect(estate.total).toBe(
      (
        await store.getOverview({
          viewId: ids.actual,
          from: '2026-03',
          to: '2026-03',
        })
      ).total,
    );
    expect(estate.total).toBe('45033.74');
  });

  it('compares what each side answers: products priced on one side only are counted and listed', async () => {
    const { knex, store, ...ids } = await setup();
    await addCosts(knex, ids, [
      // Priced in February only: gone from the March side.
      {
        key: 'G',
        price: '0.335',
        validTo: '2026-02-01',
        facts: [
          ['app', '2026-02-10', '1'],
          ['app', '2026-03-10', '1'],
        ],
      },
      // Priced from March only: new on the March side.
      {
        key: 'H',
        price: '0.335',
        validFrom: '2026-03-01',
        facts: [
          ['app', '2026-02-10', '3'],
          ['app', '2026-03-10', '3'],
        ],
      },
    ]);
    const totalOf = async (viewId: number, month: string) =>
      (
        await store.getCosts({
          applicationIds: [ids.app],
          viewId,
          from: month,
          to: month,
          granularity: 'month',
          groupBy: 'domain',
        })
      ).total;
    const periods = await store.compare(
      [ids.app],
      { viewId: ids.actual, from: '2026-03', to: '2026-03' },
      { viewId: ids.actual, from: '2026-02', to: '2026-02' },
    );
    // 10 + 20 + 0.335 (H unpriced in February); 14.40 + 18 + 1.005 + 45 000 (G unpriced in March).
    expect(await totalOf(ids.actual, '2026-02')).toBe('30.34');
    expect(await totalOf(ids.actual, '2026-03')).toBe('45033.41');
    expect(periods).toEqual({
      baselineTotal: '30.34',
      total: '45033.41',
      difference: '45003.07',
      volumeEffect: '45000.00',
      priceEffect: '2.40',
      addedCost: '1.01',
      removedCost: '0.34',
      oneSided: {
        items: [
          {
            productKey: 'H',
            name: 'H',
            month: '2026-03',
            side: 'current',
            amount: '1.01',
          },
          {
            productKey: 'G',
            name: 'G',
            month: '2026-02',
            side: 'baseline',
            amount: '0.34',
          },
        ],
        omitted: { count: 0, addedCost: '0.00', removedCost: '0.00' },
      },
      movers: {
        increases: [
          {
            productKey: 'N',
            name: 'N',
            unit: 'coefficient',
            baselineQuantity: '0',
            quantity: '0.45',
            difference: '45000.00',
            volumeEffect: '45000.00',
            priceEffect: '0.00',
            addedCost: '0.00',
            removedCost: '0.00',
          },
          {
            productKey: 'A',
            name: 'A',
            unit: 'Hrs',
            baselineQuantity: '100',
            quantity: '120',
            difference: '4.40',
            volumeEffect: '2.00',
            priceEffect: '2.40',
            addedCost: '0.00',
            removedCost: '0.00',
          },
          {
            productKey: 'H',
            name: 'H',
            unit: 'Hrs',
            baselineQuantity: '3',
            quantity: '3',
            difference: '1.01',
            volumeEffect: '0.00',
            priceEffect: '0.00',
            addedCost: '1.01',
            removedCost: '0.00',
          },
        ],
        decreases: [
          {
            productKey: 'B',
            name: 'B',
            unit: 'GB-Mo',
            baselineQuantity: '1000',
            quantity: '900',
            difference: '-2.00',
            volumeEffect: '-2.00',
            priceEffect: '0.00',
            addedCost: '0.00',
            removedCost: '0.00',
          },
          {
            productKey: 'G',
            name: 'G',
            unit: 'Hrs',
            baselineQuantity: '1',
            quantity: '1',
            difference: '-0.34',
            volumeEffect: '0.00',
            priceEffect: '0.00',
            addedCost: '0.00',
            removedCost: '0.34',
          },
        ],
        others: { count: 1, difference: '0.00' },
        unattributed: '0.00',
      },
    });

    // A view that prices A only: everything else of the baseline view is removed, not dropped.
    const [{ pricing_view_id: tiny }] = await knex('pricing_view')
      .insert({
        view_key: 'tiny',
        name: 'tiny',
        kind: 'what-if',
        currency: 'EUR',
      })
      .returning('pricing_view_id');
    await knex('pricing_rule').insert({
      pricing_view_id: tiny,
      product_id: (
        await knex('dim_product').where({ product_key: 'A' }).first()
      ).product_id,
      unit_price: '0.12',
      valid_from: '2026-01-01',
    });
    await refreshPrices(knex, { views: [tiny] });
    const views = await store.compare(
      [ids.app],
      { viewId: tiny, from: '2026-03', to: '2026-03' },
      { viewId: ids.actual, from: '2026-03', to: '2026-03' },
    );
    expect(views).toMatchObject({
      baselineTotal: '45033.41',
      total: '14.40',
      difference: '-45019.01',
      volumeEffect: '0.00',
      priceEffect: '0.00',
      addedCost: '0.00',
      removedCost: '45019.01',
    });
    expect(
      views.oneSided.items.map(i => [i.productKey, i.side, i.amount]),
    ).toEqual([
      ['N', 'baseline', '45000.00'],
      ['B', 'baseline', '18.00'],
      ['H', 'baseline', '1.01'],
    ]);
  });

  it('splits the overview into parts that add up to its total, and filters with the same cents', async () => {
    const { knex, store, ...ids } = await setup();
    await addCosts(knex, ids, [
      {
        key: 'D',
        provider: 'azure',
        price: '0.335',
        facts: [
          ['app', '2026-03-10', '0.5'],
          ['app', '2026-03-14', '0.5'],
        ],
      },
      {
        key: 'E',
        provider: 'oci',
        price: '0.335',
        facts: [['app', '2026-03-10', '1']],
      },
      {
        key: 'F',
        provider: 'gcp',
        price: '0.335',
        facts: [['app', '2026-03-11', '1']],
      },
    ]);
    const query = { viewId: ids.actual, from: '2026-02', to: '2026-03' };
    const overview = await store.getOverview(query);
    // 30.00 in February; 45 032.40 + 3 × 0.335 = 45 033.405 in March.
    expect(overview.total).toBe('45063.41');
    const costs = (slices: Array<{ cost: string }>) =>
      sum(slices.map(s => s.cost));
    for (const parts of [
      overview.byCloud,
      overview.byAccount,
      overview.byRegion,
      overview.byCategory,
      overview.daily,
      overview.monthly,
      [...overview.topServices, overview.otherServices],
    ]) {
      expect(costs(parts)).toBe(overview.total);
    }
    expect(overview.monthly).toEqual([
      { month: '2026-02', cost: '30.00' },
      { month: '2026-03', cost: '45033.41' },
    ]);
    for (const cloud of ['aws', 'azure', 'oci', 'gcp']) {
      const filtered = await store.getOverview({ ...query, cloud });
      expect(filtered.total).toBe(
        overview.byCloud.find(s => s.key === cloud)!.cost,
      );
      expect(costs(filtered.daily)).toBe(filtered.total);
      expect(costs(filtered.byCategory)).toBe(filtered.total);
    }
    expect((await store.overviewFilterValues()).cloud.map(c => c.key)).toEqual([
      'aws',
      'azure',
      'gcp',
      'oci',
    ]);
  });

  describe('like for like: a month to date against the previous month to date', () => {
    /**
     * The seed (February and March on the 10th) with G metered on a Saturday and a Friday of
     * each month, and a monthly support fee S metered in USD on each 1st (a Sunday in March 2026).
     */
    async function setupDays() {
      const context = await setup();
      await addCosts(context.knex, context, [
        {
          key: 'G',
          price: '0.10',
          facts: [
            ['app', '2026-02-14', '10'],
            ['app', '2026-02-20', '20'],
            ['app', '2026-03-14', '30'],
            ['app', '2026-03-20', '50'],
          ],
        },
        {
          key: 'S',
          unit: 'USD',
          price: '1',
          facts: [
            ['app', '2026-02-01', '100'],
            ['app', '2026-03-01', '100'],
          ],
        },
      ]);
      return context;
    }

    it('cuts the last month after `through`: every grouping and every day add up to the cut total', async () => {
      const { store, app, actual } = await setupDays();
      const query = {
        applicationIds: [app],
        viewId: actual,
        from: '2026-03',
        to: '2026-03',
        granularity: 'month' as const,
        groupBy: 'product' as const,
      };
      // A 14.40 + B 18.00 + N 45 000 + G 80 × 0.10 + S 100
      expect((await store.getCosts(query)).total).toBe('45140.40');
      const cut = await store.getCosts({ ...query, through: '2026-03-15' });
      // G: 30 of its 80 hours are on or before the 15th.
      expect(cut.total).toBe('45135.40');
      expect(cut.rows.find(r => r.key === 'G')).toMatchObject({
        cost: '3.00',
        quantity: '30',
      });
      for (const groupBy of ['domain', 'family', 'account'] as const) {
        const split = await store.getCosts({
          ...query,
          groupBy,
          through: '2026-03-15',
        });
        expect(split.total).toBe(cut.total);
        expect(sum(split.rows.map(r => r.cost))).toBe(cut.total);
      }
      const days = await store.getCosts({
        ...query,
        granularity: 'day',
        through: '2026-03-15',
      });
      expect(days.total).toBe(cut.total);
      expect(sum(days.rows.map(r => r.cost))).toBe(cut.total);
      expect(days.rows.every(r => r.period <= '2026-03-15')).toBe(true);
    });

    it('compares the month to date with the previous month to date, and the terms add up', async () => {
      const { store, app, actual } = await setupDays();
      const at = (
        now: string,
        period: { from: string; to: string; through?: string },
      ) => store.comparedPeriods(period, new Date(now));
      const march = { from: '2026-03', to: '2026-03' };
      // Mid-month: the days loaded after today are not compared.
      expect(await at('2026-03-15T12:00:00Z', march)).toEqual({
        current: { ...march, through: '2026-03-15' },
        previous: { from: '2026-02', to: '2026-02', through: '2026-02-15' },
      });
      // Later: through the last loaded day of the estate.
      expect(await at('2026-03-25T12:00:00Z', march)).toEqual({
        current: { ...march, through: '2026-03-20' },
        previous: { from: '2026-02', to: '2026-02', through: '2026-02-20' },
      });
      // A past month is whole, and so is the one it is compared with.
      expect(await at('2026-04-02T12:00:00Z', march)).toEqual({
        current: march,
        previous: { from: '2026-02', to: '2026-02' },
      });
      // Three months to the 30th of March: the previous ones to the last day of December; to the
      // 30th of a month against a shorter one: that one whole.
      expect(
        await at('2026-04-02T12:00:00Z', {
          from: '2026-01',
          to: '2026-03',
          through: '2026-03-30',
        }),
      ).toEqual({
        current: { from: '2026-01', to: '2026-03', through: '2026-03-30' },
        previous: { from: '2025-10', to: '2025-12', through: '2025-12-30' },
      });
      expect(
        (await at('2026-04-02T12:00:00Z', { ...march, through: '2026-03-30' }))
          .previous,
      ).toEqual({ from: '2026-02', to: '2026-02' });

      const compared = await store.compare(
        [app],
        { viewId: actual, ...march, through: '2026-03-15' },
        {
          viewId: actual,
          from: '2026-02',
          to: '2026-02',
          through: '2026-02-15',
        },
      );
      // February to the 15th: A 10 + B 20 + G 10 × 0.10 + S 100. Volume: A +2.00, B −2.00, G
      // (30 − 10) × 0.10 = +2.00 (the days to the 15th), N (0.45 − 0) × 100 000; price: A 120 × 0.02.
      expect(compared).toMatchObject({
        baselineTotal: '131.00',
        total: '45135.40',
        difference: '45004.40',
        volumeEffect: '45002.00',
        priceEffect: '2.40',
        addedCost: '0.00',
        removedCost: '0.00',
      });
    });

    it('gives the overview a like-for-like trend, usage and charges per day, and a weekend share of usage', async () => {
      const { store, actual } = await setupDays();
      const overview = await store.getOverview({
        viewId: actual,
        from: '2026-03',
        to: '2026-03',
        through: '2026-03-15',
        previous: { from: '2026-02', to: '2026-02', through: '2026-02-15' },
      });
      expect(overview).toMatchObject({
        total: '45135.40',
        through: '2026-03-15',
        previous: { from: '2026-02', to: '2026-02', through: '2026-02-15' },
        previousTotal: '131.00',
      });
      expect(overview.daily).toEqual([
        { day: '2026-03-01', cost: '100.00', usage: '0.00', charges: '100.00' },
        {
          day: '2026-03-10',
          cost: '45032.40',
          usage: '32.40',
          charges: '45000.00',
        },
        { day: '2026-03-14', cost: '3.00', usage: '3.00', charges: '0.00' },
      ]);
      expect(sum(overview.byCloud.map(s => s.cost))).toBe(overview.total);
      // Saturday the 14th: 3.00 of 35.40 of usage (the fee of Sunday the 1st is not usage).
      expect(overview.weekendShare).toBe('8.5');
      // What moved in the estate: N is held in March only, so it is new (whatever the view would
      // price in February); C is unpriced; S did not move.
      const mover = (
        key: string,
        [q0, q1]: [string, string],
        [difference, volumeEffect, priceEffect, addedCost = '0.00']: string[],
      ) => ({
        productKey: key,
        name: key,
        unit: expect.any(String),
        baselineQuantity: q0,
        quantity: q1,
        difference,
        volumeEffect,
        priceEffect,
        addedCost,
        removedCost: '0.00',
      });
      expect(overview.movers).toEqual({
        increases: [
          mover('N', ['0', '0.45'], ['45000.00', '0.00', '0.00', '45000.00']),
          mover('A', ['100', '120'], ['4.40', '2.00', '2.40']),
          mover('G', ['10', '30'], ['2.00', '2.00', '0.00']),
        ],
        decreases: [mover('B', ['1000', '900'], ['-2.00', '-2.00', '0.00'])],
        others: { count: 2, difference: '0.00' },
        unattributed: '0.00',
      });
    });
  });
});
