import { TestDatabases } from '@backstage/backend-test-utils';
import { parse } from 'csv-parse/sync';
import { Knex } from 'knex';
import request from 'supertest';
import { createComputeCut, startDemo } from './__testUtils__/demoBackend';
import {
  apiGetter,
  cents,
  sumCents as sum,
  withClock,
} from './__testUtils__/consistency';

jest.setTimeout(900_000);

/**
 * One number, one truth: on the demo estate, through the HTTP routes, every figure that is shown
 * in two places has one value and every total is the sum of its parts, to the cent, for each
 * entity × period × view. The clock is on the 1st of a month (the month to date holds one day),
 * the day the first wave's figures fell apart.
 */
const NOW = '2026-12-01T06:00:00Z';
const MONTHS = 14;

/** Sums of the rows per period. */
function byPeriod(rows: Array<{ period: string; cost: string }>) {
  const totals = new Map<string, bigint>();
  for (const row of rows)
    totals.set(row.period, (totals.get(row.period) ?? 0n) + cents(row.cost));
  return Object.fromEntries([...totals].sort());
}

describe('one number, one truth (the demo estate on the 1st of a month)', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });
  let server: any;
  let knex: Knex;
  const get = apiGetter(() => server);
  withClock(NOW);

  beforeAll(async () => {
    knex = await databases.init('POSTGRES_18');
    server = await startDemo(knex, MONTHS);

    // A what-if child of actual: compute at 0.8.
    await createComputeCut(server, { validFrom: '2020-01' });
  });

  const ENTITIES = [
    'component:default/cart-service',
    'system:default/storefront',
    'group:default/commerce',
  ];
  const PERIODS = [
    { name: 'a full past year', from: '2025-12', to: '2026-11' },
    { name: 'a single past month', from: '2026-11', to: '2026-11' },
    { name: 'the month to date', from: '2026-12', to: '2026-12' },
  ];
  const VIEWS = ['actual', 'amortized', 'list', 'compute-cut'];

  const costsOf = async (
    entityRef: string,
    view: string,
    from: string,
    to: string,
    extra: Record<string, string> = {},
  ) => (await get('/costs', { entityRef, view, from, to, ...extra })).body;

  const CASES = ENTITIES.flatMap(entityRef =>
    PERIODS.flatMap(period =>
      VIEWS.map(view => ({ entityRef, view, ...period })),
    ),
  );
  /** One month: what chargeback and monthly budgets are about. */
  const MONTH_CASES = CASES.filter(c => c.from === c.to);

  it.each(CASES)(
    '$entityRef, $name, view $view: every breakdown adds up to the total',
    async ({ entityRef, view, from, to }) => {
      const byDomain = await costsOf(entityRef, view, from, to);
      const total = cents(byDomain.total);
      expect(total).toBeGreaterThan(0n);
      expect(cents(byDomain.direct) + cents(byDomain.indirect)).toBe(total);
      expect(byDomain.unpriced).toEqual([]);

      // Σ by domain = Σ by family = Σ by product = total, with the same month subtotals.
      const months = byPeriod(byDomain.rows);
      expect(sum(byDomain.rows.map((r: any) => r.cost))).toBe(total);
      for (const groupBy of ['family', 'product']) {
        const split = await costsOf(entityRef, view, from, to, { groupBy });
        expect(split.total).toBe(byDomain.total);
        expect(byPeriod(split.rows)).toEqual(months);
      }

      // The CSV of the tab: its rows add up to the same total.
      const csv = await get('/costs', {
        entityRef,
        view,
        from,
        to,
        groupBy: 'product',
        format: 'csv',
      });
      const records = parse(csv.text, { columns: true }) as Array<{
        cost: string;
      }>;
      expect(sum(records.map(r => r.cost))).toBe(total);

      // A month's total is the same whichever period holds it.
      const last = await costsOf(entityRef, view, to, to);
      expect(cents(last.total)).toBe(months[to]);
    },
  );

  it.each(CASES)(
    '$entityRef, $name, view $view: the comparison with the previous period reconciles',
    async ({ entityRef, view, from, to }) => {
      const compared = await costsOf(entityRef, view, from, to, {
        compareTo: 'previous',
      });
      const { comparison } = compared;
      const baseline = await costsOf(
        entityRef,
        view,
        comparison.baseline.from,
        comparison.baseline.to,
        comparison.baseline.through
          ? { through: comparison.baseline.through }
          : {},
      );
      expect(comparison.baselineTotal).toBe(baseline.total);
      expect(comparison.total).toBe(compared.total);
      // Like for like: a period to date (the 1st) against the previous one to its 1st.
      const cut: Record<string, string> =
        to === '2026-12' ? { through: '2026-12-01' } : {};
      expect(comparison.current).toEqual({ view, from, to, ...cut });
      const current = await costsOf(entityRef, view, from, to, cut);
      expect(current.total).toBe(comparison.total);
      expect(comparison.baseline.through).toBe(
        to === '2026-12' ? '2026-11-01' : undefined,
      );
      expect(cents(comparison.difference)).toBe(
        cents(compared.total) - cents(baseline.total),
      );
      expect(
        cents(comparison.volumeEffect) +
          cents(comparison.priceEffect) +
          cents(comparison.addedCost) -
          cents(comparison.removedCost),
      ).toBe(cents(comparison.difference));
    },
  );

  it.each(CASES.filter(c => c.view !== 'actual'))(
    '$entityRef, $name, view $view: the comparison with actual reconciles',
    async ({ entityRef, view, from, to }) => {
      const actual = await costsOf(entityRef, 'actual', from, to);
      const { total, comparison } = await costsOf(entityRef, view, from, to, {
        compareView: 'actual',
      });
      expect(comparison.baselineTotal).toBe(actual.total);
      expect(
        cents(comparison.volumeEffect) +
          cents(comparison.priceEffect) +
          cents(comparison.addedCost) -
          cents(comparison.removedCost),
      ).toBe(cents(total) - cents(actual.total));
    },
  );

  it.each(MONTH_CASES)(
    "$entityRef, $name, view $view: the chargeback and a monthly budget's actual are the costs total",
    async ({ entityRef, view, from, to }) => {
      const costs = await costsOf(entityRef, view, from, to);
      const chargeback = await get('/chargeback', {
        month: from,
        view,
        entityRef,
      });
      expect(chargeback.body.total).toBe(costs.total);
      // Every loaded day of the month, the 1st included.
      const budget = await request(server)
        .post('/api/finops/budgets')
        .send({
          name: `${entityRef} ${from} ${view}`,
          scopeType: 'entity',
          scopeRef: entityRef,
          period: 'month',
          amount: '1000',
          view,
        })
        .expect(201);
      const at = from === '2026-12' ? '2026-12-01' : `${from}-30`;
      const status = await get(`/budgets/${budget.body.id}/status`, { at });
      expect(status.body.actual).toBe(costs.total);
    },
  );

  describe('the what-if view', () => {
    it('is actual × 0.8 for compute, and actual elsewhere, within a cent per product-month', async () => {
      const query = { groupBy: 'product' };
      for (const entityRef of ENTITIES) {
        const [actual, whatIf] = await Promise.all(
          ['actual', 'compute-cut'].map(view =>
            costsOf(entityRef, view, '2025-12', '2026-12', query),
          ),
        );
        const compute = new Set<string>(
          await knex('dim_product as p')
            .join('dim_family as f', 'f.family_id', 'p.family_id')
            .where('f.family_key', 'compute')
            .pluck('p.product_key'),
        );
        const cutOf = new Map<string, string>(
          whatIf.rows.map((r: any) => [`${r.key}|${r.period}`, r.cost]),
        );
        // A cell's cents come from two largest-remainder steps (the estate's month over
        // application-months, those over the query's cells), each moving less than a cent, so a
        // rounded cell is within 2 cents of its exact amount: a what-if cell within 3.6 cents of
        // 0.8 × its actual cell, an untouched one within 3 cents of it. The exact amounts are
        // compared in DatabaseCostStore's tests.
        const targeted = actual.rows.filter((row: any) => compute.has(row.key));
        const untouched = actual.rows.filter(
          (row: any) => !compute.has(row.key),
        );
        const off = [
          ...targeted.filter(
            (row: any) =>
              Math.abs(
                Number(
                  cents(cutOf.get(`${row.key}|${row.period}`)) * 10n -
                    cents(row.cost) * 8n,
                ),
              ) >= 36,
          ),
          ...untouched.filter(
            (row: any) =>
              Math.abs(
                Number(
                  cents(cutOf.get(`${row.key}|${row.period}`)) -
                    cents(row.cost),
                ),
              ) > 3,
          ),
        ];
        expect(off).toEqual([]);
        expect(targeted.length).toBeGreaterThan(0);
      }
    });
  });

  describe('the estate', () => {
    it.each(PERIODS)(
      '$name: every overview split and series adds up to the total',
      async ({ from, to }) => {
        for (const view of VIEWS) {
          const { body: overview } = await get('/overview', { view, from, to });
          const total = cents(overview.total);
          expect(total).toBeGreaterThan(0n);
          for (const split of [
            'byCloud',
            'byAccount',
            'byRegion',
            'byCategory',
          ]) {
            expect([
              split,
              sum(overview[split].map((s: any) => s.cost)),
            ]).toEqual([split, total]);
          }
          expect(sum(overview.daily.map((d: any) => d.cost))).toBe(total);
          expect(sum(overview.monthly.map((m: any) => m.cost))).toBe(total);
          const unequal = overview.daily.filter(
            (d: any) => cents(d.usage) + cents(d.charges) !== cents(d.cost),
          );
          expect(unequal).toEqual([]);
          // The trend's baseline is what the route answers for the previous period.
          const { body: previous } = await get('/overview', {
            view,
            ...overview.previous,
          });
          expect(previous.total).toBe(overview.previousTotal);
          // The movers, the others and what no product holds are the difference, to the cent;
          // each mover is its volume, price, new and gone.
          const { movers } = overview;
          expect(
            sum([
              ...[...movers.increases, ...movers.decreases].map(
                (m: any) => m.difference,
              ),
              movers.others.difference,
              movers.unattributed,
            ]),
          ).toBe(total - cents(overview.previousTotal));
          for (const m of [...movers.increases, ...movers.decreases]) {
            expect(
              cents(m.volumeEffect) +
                cents(m.priceEffect) +
                cents(m.addedCost) -
                cents(m.removedCost),
            ).toBe(cents(m.difference));
          }
          // Only the rounding of the two totals is left unattributed: a cent a month at most.
          const unattributed = cents(movers.unattributed);
          expect(
            unattributed < 0n ? -unattributed : unattributed,
          ).toBeLessThanOrEqual(BigInt(overview.monthly.length + 1));
        }
      },
    );

    it.each(PERIODS.filter(p => p.from === p.to))(
      '$name: the chargeback of the estate is the overview total, by owner and by system',
      async ({ from, to }) => {
        for (const view of VIEWS) {
          const { body: overview } = await get('/overview', { view, from, to });
          const { body: chargeback } = await get('/chargeback', {
            month: from,
            view,
          });
          expect(chargeback.total).toBe(overview.total);
          expect(
            sum([
              ...chargeback.byOwner.map((o: any) => o.cost),
              chargeback.unallocated,
            ]),
          ).toBe(cents(overview.total));
          expect(sum(chargeback.bySystem.map((o: any) => o.cost))).toBe(
            cents(overview.total),
          );
        }
      },
    );

    it('the amortized estate keeps the indirect domain', async () => {
      const [actual, amortized] = await Promise.all(
        ['actual', 'amortized'].map(
          async view =>
            (
              await get('/costs', {
                entityRef: 'group:default/engineering',
                view,
                from: '2026-11',
                to: '2026-11',
              })
            ).body,
        ),
      );
      expect(amortized.indirect).toBe(actual.indirect);
      expect(cents(actual.indirect)).toBeGreaterThan(0n);
    });
  });
});

/**
 * Mid-month (the 15th; the demo has loaded through the 14th): month to date and the last three months are
 * compared like for like, with the previous month and the three months before to their 14th; each baseline is what the
 * routes answer with its `through`.
 */
describe('like for like (the demo estate on the 15th of a month)', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });
  let server: any;
  const get = async (route: string, query: Record<string, string>) =>
    (await apiGetter(() => server)(route, query)).body;
  withClock('2026-12-15T06:00:00Z');

  beforeAll(async () => {
    const knex = await databases.init('POSTGRES_18');
    server = await startDemo(knex, 7);
  });

  it.each([
    {
      name: 'the month to date',
      from: '2026-12',
      baseline: ['2026-11', '2026-11'],
    },
    {
      name: 'the last 3 months',
      from: '2026-10',
      baseline: ['2026-07', '2026-09'],
    },
  ])('$name', async ({ from, baseline: [baselineFrom, baselineTo] }) => {
    const entityRef = 'component:default/cart-service';
    const to = '2026-12';
    const { total, comparison } = await get('/costs', {
      entityRef,
      from,
      to,
      compareTo: 'previous',
    });
    expect(comparison.current).toEqual({
      view: 'actual',
      from,
      to,
      through: '2026-12-14',
    });
    expect(comparison.baseline).toEqual({
      view: 'actual',
      from: baselineFrom,
      to: baselineTo,
      through: `${baselineTo}-14`,
    });
    expect(comparison.total).toBe(total);
    const cut = await get('/costs', {
      entityRef,
      from: baselineFrom,
      to: baselineTo,
      through: `${baselineTo}-14`,
    });
    expect(comparison.baselineTotal).toBe(cut.total);
    const whole = await get('/costs', {
      entityRef,
      from: baselineFrom,
      to: baselineTo,
    });
    expect(cents(cut.total)).toBeLessThan(cents(whole.total));
    expect(
      cents(comparison.volumeEffect) +
        cents(comparison.priceEffect) +
        cents(comparison.addedCost) -
        cents(comparison.removedCost),
    ).toBe(cents(total) - cents(cut.total));

    const overview = await get('/overview', { from, to });
    expect(overview.through).toBe('2026-12-14');
    expect(overview.previous).toEqual({
      from: baselineFrom,
      to: baselineTo,
      through: `${baselineTo}-14`,
    });
    const previous = await get('/overview', overview.previous);
    expect(previous.total).toBe(overview.previousTotal);
  });
});
