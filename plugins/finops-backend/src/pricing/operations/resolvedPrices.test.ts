import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  allocateByPartition,
  allocateCents,
} from '@finops-backstage/plugin-finops-common';
import Decimal from 'decimal.js';
import { Knex } from 'knex';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { storeExchangeRates } from './exchangeRates';
import { migrateMart } from '../../database/operations/migrateMart';
import { DatabaseIngestionStore } from '../../ingestion/DatabaseIngestionStore';
import { IngestionRunner } from '../../ingestion/IngestionRunner';
import {
  applicationFromEntity,
  syncApplications,
} from '../../ingestion/operations/syncApplications';
import {
  ScriptedSource,
  usageRow,
} from '../../ingestion/__testUtils__/testSources';
import { DemoCostSource } from '../../sources/demo/DemoCostSource';
import { DatabasePricingStore } from '../DatabasePricingStore';
import {
  testComponent,
  testRunner,
} from '../../ingestion/__testUtils__/testRunner';

jest.setTimeout(180_000);

/** Exact enough for any product of the prices and multipliers here. */
const Exact = Decimal.clone({ precision: 1000 });
const ADMIN = 'user:default/admin';

/**
 * The resolution rules, written again without SQL: for each live view and each product-month with
 * quantities, walk the view and its parents; at each level the most specific rule valid that month
 * (product, family, domain; then the latest valid_from, then the latest rule); the nearest unit
 * price times the multipliers in front of it, converted to the view's currency with that month's
 * rate (no rate: unpriced).
 */
async function expectedPrices(knex: Knex): Promise<Map<string, string>> {
  const views = new Map<
    number,
    { parent: number | null; currency: string; deleted: boolean }
  >(
    (
      await knex('pricing_view').select(
        'pricing_view_id',
        'parent_id',
        'currency',
        'deleted_at',
      )
    ).map(row => [
      row.pricing_view_id,
      {
        parent: row.parent_id,
        currency: row.currency,
        deleted: row.deleted_at !== null,
      },
    ]),
  );
  const rules: Array<{
    id: number;
    view: number;
    product: number | null;
    family: number | null;
    domain: number | null;
    unitPrice: string | null;
    multiplier: string | null;
    from: string;
    to: string | null;
    currency: string | null;
  }> = (
    await knex('pricing_rule')
      .whereNull('deleted_at')
      .select(
        knex.raw(`pricing_rule_id::int AS id, pricing_view_id AS view,
          product_id AS product, family_id AS family, domain_id AS domain,
          unit_price::text AS "unitPrice", multiplier::text AS multiplier,
          to_char(valid_from, 'YYYY-MM-DD') AS "from",
          to_char(valid_to, 'YYYY-MM-DD') AS "to", currency`),
      )
  ).map((row: any) => row);
  const keys = new Map<number, { family: number; domain: number }>(
    (
      await knex('dim_product as p')
        .join('dim_family as f', 'f.family_id', 'p.family_id')
        .select('p.product_id', 'p.family_id', 'f.domain_id')
    ).map(row => [
      row.product_id,
      { family: row.family_id, domain: row.domain_id },
    ]),
  );
  const rates = new Map<string, string>(
    (
      await knex('exchange_rate').select(
        knex.raw(`to_char(period_month, 'YYYY-MM-DD') AS month`),
        'from_currency',
        'to_currency',
        knex.raw('rate::text AS rate'),
      )
    ).map(row => [
      `${row.month} ${row.from_currency} ${row.to_currency}`,
      row.rate,
    ]),
  );
  const { rows: pairs } = await knex.raw(
    `SELECT DISTINCT product_id, to_char(period_month, 'YYYY-MM-DD') AS month
       FROM agg_quantity_monthly`,
  );

  const expected = new Map<string, string>();
  for (const [root, view] of views) {
    if (view.deleted) continue;
    const chain = [root];
    while (chain.length < 17 && views.get(chain[chain.length - 1])!.parent) {
      chain.push(views.get(chain[chain.length - 1])!.parent!);
    }
    for (const { product_id: product, month } of pairs) {
      const { family, domain } = keys.get(product)!;
      const picks = chain.map(viewId => {
        const levelOf = (rule: (typeof rules)[number]) => {
          if (rule.product === product) return 0;
          if (rule.family === family) return 1;
          return rule.domain === domain ? 2 : -1;
        };
        return rules
          .filter(
            rule =>
              rule.view === viewId &&
              levelOf(rule) >= 0 &&
              rule.from <= month &&
              (rule.to === null || rule.to >= month),
          )
          .sort(
            (a, b) =>
              levelOf(a) - levelOf(b) ||
              b.from.localeCompare(a.from) ||
              b.id - a.id,
          )[0];
      });
      const depth = picks.findIndex(pick => pick && pick.unitPrice !== null);
      if (depth < 0) continue;
      let price = new Exact(picks[depth]!.unitPrice!);
      for (const pick of picks.slice(0, depth)) {
        if (pick?.multiplier) price = price.times(pick.multiplier);
      }
      const currency =
        picks[depth]!.currency ?? views.get(chain[depth])!.currency;
      if (currency !== view.currency) {
        const rate = rates.get(`${month} ${currency} ${view.currency}`);
        if (!rate) continue;
        price = price.times(rate);
      }
      expected.set(`${root} ${month} ${product}`, price.toFixed());
    }
  }
  return expected;
}

async function storedPrices(knex: Knex): Promise<Map<string, string>> {
  const rows = await knex('price_resolved').select(
    'pricing_view_id',
    knex.raw(`to_char(period_month, 'YYYY-MM-DD') AS month`),
    'product_id',
    knex.raw('unit_price::text AS unit_price'),
  );
  return new Map(
    rows.map(row => [
      `${row.pricing_view_id} ${row.month} ${row.product_id}`,
      new Exact(row.unit_price).toFixed(),
    ]),
  );
}

/**
 * The cents of each (view, month, application, mode) from those prices, as the product rounds
 * them (allocateCents per month of the estate, cells in application then mode order).
 */
async function expectedApplicationCents(
  knex: Knex,
  prices: Map<string, string>,
): Promise<Map<string, string>> {
  const { rows } = await knex.raw(
    `SELECT to_char(m.period_month, 'YYYY-MM-DD') AS month, m.application_id AS app,
            d.domain_mode AS mode, m.product_id AS product, m.quantity::text AS quantity
       FROM agg_quantity_monthly m JOIN dim_domain d ON d.domain_id = m.domain_id`,
  );
  const views = await knex('pricing_view')
    .whereNull('deleted_at')
    .pluck('pricing_view_id');
  const expected = new Map<string, string>();
  for (const view of views) {
    const cells = new Map<
      string,
      { month: string; app: number; mode: string; cost: Decimal }
    >();
    for (const row of rows) {
      const id = `${row.month} ${row.app} ${row.mode}`;
      const cell = cells.get(id) ?? {
        month: row.month,
        app: row.app,
        mode: row.mode,
        cost: new Exact(0),
      };
      const price = prices.get(`${view} ${row.month} ${row.product}`);
      if (price)
        cell.cost = cell.cost.plus(new Exact(row.quantity).times(price));
      cells.set(id, cell);
    }
    const ordered = [...cells.values()].sort(
      (a, b) =>
        a.month.localeCompare(b.month) ||
        a.app - b.app ||
        a.mode.localeCompare(b.mode),
    );
    const cents = allocateByPartition(
      ordered,
      cell => cell.month,
      cell => cell.cost,
    );
    ordered.forEach((cell, i) =>
      expected.set(
        `${view} ${cell.month} ${cell.app} ${cell.mode}`,
        cents[i].toFixed(2),
      ),
    );
  }
  return expected;
}

async function storedApplicationCents(
  knex: Knex,
): Promise<Map<string, string>> {
  const rows = await knex('cost_application_monthly').select(
    'pricing_view_id',
    knex.raw(`to_char(period_month, 'YYYY-MM-DD') AS month`),
    'application_id',
    'domain_mode',
    knex.raw('cents::text AS cents'),
  );
  return new Map(
    rows.map(row => [
      `${row.pricing_view_id} ${row.month} ${row.application_id} ${row.domain_mode}`,
      new Decimal(row.cents).toFixed(2),
    ]),
  );
}

/** The cents of each atom: its application-month's cents over its atoms, as allocateCents does. */
async function expectedAtomCents(
  knex: Knex,
  prices: Map<string, string>,
  applicationCents: Map<string, string>,
): Promise<Map<string, string>> {
  const { rows } = await knex.raw(
    `SELECT to_char(m.period_month, 'YYYY-MM-DD') AS month, m.application_id AS app,
            d.domain_mode AS mode, m.domain_id, m.product_id AS product, m.account_id,
            m.quantity::text AS quantity
       FROM agg_quantity_monthly m JOIN dim_domain d ON d.domain_id = m.domain_id
      ORDER BY m.domain_id, m.product_id, m.account_id`,
  );
  const views = await knex('pricing_view')
    .whereNull('deleted_at')
    .pluck('pricing_view_id');
  const expected = new Map<string, string>();
  for (const view of views) {
    const cells = new Map<string, any[]>();
    for (const row of rows) {
      const id = `${view} ${row.month} ${row.app} ${row.mode}`;
      cells.set(id, [...(cells.get(id) ?? []), row]);
    }
    for (const [id, members] of cells) {
      const cents = allocateCents(
        members.map(row => {
          const price = prices.get(`${view} ${row.month} ${row.product}`);
          return price ? new Exact(row.quantity).times(price) : 0;
        }),
        applicationCents.get(id)!,
      );
      members.forEach((row, i) =>
        expected.set(
          `${view} ${row.month} ${row.app} ${row.domain_id} ${row.product} ${row.account_id}`,
          cents[i].toFixed(2),
        ),
      );
    }
  }
  return expected;
}

async function storedAtomCents(knex: Knex): Promise<Map<string, string>> {
  const rows = await knex('cost_atom_monthly').select(
    'pricing_view_id',
    knex.raw(`to_char(period_month, 'YYYY-MM-DD') AS month`),
    'application_id',
    'domain_id',
    'product_id',
    'account_id',
    knex.raw('cents::text AS cents'),
  );
  return new Map(
    rows.map(row => [
      `${row.pricing_view_id} ${row.month} ${row.application_id} ${row.domain_id} ${row.product_id} ${row.account_id}`,
      new Decimal(row.cents).toFixed(2),
    ]),
  );
}

/**
 * The atoms summed per (view, application, month, domain) in TypeScript, a product apart where it
 * is unpriced or of an indirect domain: what `cost_domain_monthly` must hold.
 */
async function expectedDomainSums(knex: Knex): Promise<Map<string, string>> {
  const atoms = await knex('cost_atom_monthly as a')
    .join('dim_domain as d', 'd.domain_id', 'a.domain_id')
    .select(
      'a.pricing_view_id',
      'a.application_id',
      knex.raw(`to_char(a.period_month, 'YYYY-MM-DD') AS month`),
      'a.domain_id',
      'a.product_id',
      'd.domain_mode',
      knex.raw('a.unit_price::text AS unit_price'),
      knex.raw('a.quantity::text AS quantity'),
      knex.raw('a.cents::text AS cents'),
    );
  const sums = new Map<string, { quantity: Decimal; cents: Decimal }>();
  for (const atom of atoms) {
    const apart = atom.unit_price === null || atom.domain_mode === 'INDIRECT';
    const key = [
      atom.pricing_view_id,
      atom.application_id,
      atom.month,
      atom.domain_id,
      apart ? atom.product_id : '-',
      apart && atom.unit_price !== null
        ? new Exact(atom.unit_price).toFixed()
        : '-',
      atom.unit_price !== null,
    ].join(' ');
    const sum = sums.get(key) ?? {
      quantity: new Exact(0),
      cents: new Exact(0),
    };
    sum.quantity = sum.quantity.plus(atom.quantity);
    sum.cents = sum.cents.plus(atom.cents);
    sums.set(key, sum);
  }
  return new Map(
    [...sums].map(([key, sum]) => [
      key,
      `${sum.quantity.toFixed()} ${sum.cents.toFixed(2)}`,
    ]),
  );
}

async function storedDomainSums(knex: Knex): Promise<Map<string, string>> {
  const rows = await knex('cost_domain_monthly').select(
    'pricing_view_id',
    'application_id',
    knex.raw(`to_char(period_month, 'YYYY-MM-DD') AS month`),
    'domain_id',
    'product_id',
    knex.raw('unit_price::text AS unit_price'),
    'priced',
    knex.raw('quantity::text AS quantity'),
    knex.raw('cents::text AS cents'),
  );
  const stored = new Map<string, string>();
  for (const row of rows) {
    const key = [
      row.pricing_view_id,
      row.application_id,
      row.month,
      row.domain_id,
      row.product_id ?? '-',
      row.unit_price === null ? '-' : new Exact(row.unit_price).toFixed(),
      row.priced,
    ].join(' ');
    // One row per key: a second would be a slice summed twice.
    expect(stored.has(key)).toBe(false);
    stored.set(
      key,
      `${new Exact(row.quantity).toFixed()} ${new Exact(row.cents).toFixed(2)}`,
    );
  }
  return stored;
}

async function expectResolvedAsRulesSay(knex: Knex, atLeast: number) {
  const expected = await expectedPrices(knex);
  expect(expected.size).toBeGreaterThanOrEqual(atLeast);
  expect(await storedPrices(knex)).toEqual(expected);
  const cents = await expectedApplicationCents(knex, expected);
  expect(cents.size).toBeGreaterThan(0);
  expect(await storedApplicationCents(knex)).toEqual(cents);
  expect(await storedAtomCents(knex)).toEqual(
    await expectedAtomCents(knex, expected, cents),
  );
  const domainSums = await expectedDomainSums(knex);
  expect(domainSums.size).toBeGreaterThan(0);
  expect(await storedDomainSums(knex)).toEqual(domainSums);
}

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('resolved prices', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });

  it('equal what the rules say on the demo, through the views an admin makes', async () => {
    const knex = await databases.init('POSTGRES_18');
    await migrateMart(knex);
    const now = new Date('2026-11-22T10:00:00Z');
    const file = path.resolve(
      __dirname,
      '../../../../../examples/entities.yaml',
    );
    const components = parseAllDocuments(fs.readFileSync(file, 'utf8'))
      .map(doc => doc.toJS() as Entity)
      .filter(entity => entity?.kind === 'Component')
      .map(applicationFromEntity);
    const runner = new IngestionRunner({
      store: DatabaseIngestionStore.create({ knex }),
      logger: mockServices.logger.mock(),
      sources: [new DemoCostSource({ now: () => now })],
      readApplications: () => syncApplications(knex, components),
      guards: { rejectThreshold: 0.05, dropThreshold: 0.5 },
      now: () => now,
    });
    expect((await runner.run({ trigger: 'schedule' })).status).toBe(
      'succeeded',
    );
    // The batch's own views: actual and the managed ones.
    await expectResolvedAsRulesSay(knex, 100);

    const pricing = DatabasePricingStore.create({ knex });
    const view = (key: string, parent: string, currency = 'USD') =>
      pricing.createView(
        {
          key,
          name: key,
          description: '',
          kind: 'contracted',
          currency,
          parent,
        },
        ADMIN,
      );
    const rules = async (key: string, list: Array<Record<string, string>>) =>
      expect(
        await pricing.addRules(
          key,
          list.map((rule, index) => ({
            index,
            rule: { validFrom: '2025-01', ...rule },
          })),
          ADMIN,
        ),
      ).toEqual({ added: list.length, rejected: [] });
    await view('contract', 'actual');
    await rules('contract', [
      { family: 'compute', multiplier: '0.8' },
      { domain: 'DATABASES', multiplier: '0.9', validFrom: '2026-03' },
      {
        product: 'demo/aws:AmazonS3:TimedStorage-ByteHrs:us-east-1',
        unitPrice: '0.021',
        validFrom: '2025-06',
      },
    ]);
    await view('what-if', 'contract', 'EUR');
    await rules('what-if', [{ family: 'storage', multiplier: '1.1' }]);
    await storeExchangeRates(knex, [
      { month: '2026-10', from: 'USD', to: 'EUR', rate: '0.9197' },
      { month: '2026-11', from: 'USD', to: 'EUR', rate: '0.92' },
    ]);
    await expectResolvedAsRulesSay(knex, 200);

    // A parent's edit reaches its children; a rate that changes, the months it covers.
    const [first] = await pricing.listRules(
      (
        await pricing.resolveView('contract')
      ).id,
      1,
      0,
    );
    await pricing.deleteRule('contract', first.id, ADMIN);
    await storeExchangeRates(knex, [
      { month: '2026-11', from: 'USD', to: 'EUR', rate: '0.93' },
    ]);
    await expectResolvedAsRulesSay(knex, 200);
  });

  it('equal what the rules say on a generated chain of views, after every kind of edit', async () => {
    const knex = await databases.init('POSTGRES_18');
    await migrateMart(knex);
    const next = random(20261203);
    const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)];
    const months = ['2026-01', '2026-02', '2026-03', '2026-04'];
    const families = [
      { key: 'compute', domain: 'CLOUD' },
      { key: 'storage', domain: 'CLOUD' },
      { key: 'database', domain: 'DATABASES' },
    ];
    const products = Array.from({ length: 12 }, (_, i) => ({
      key: `p${i}`,
      family: families[i % 3],
      currency: i % 4 === 3 ? 'EUR' : 'USD',
    }));
    const source = new ScriptedSource('generated');
    for (const month of months) {
      source.rows.set(
        month,
        products
          // Some products are not used every month.
          .filter((_, i) => (i + months.indexOf(month)) % 5 !== 0)
          .flatMap(product =>
            [`${month}-03`, `${month}-17`].map(day =>
              usageRow(day, {
                domainKey: product.family.domain,
                currency: product.currency,
                quantity: String(1 + Math.floor(next() * 1000)),
                billedAmount: (next() * 100).toFixed(4),
                product: {
                  key: product.key,
                  name: product.key,
                  unit: 'Hrs',
                  provider: 'aws',
                  service: 'Svc',
                  familyKey: product.family.key,
                },
              }),
            ),
          ),
      );
    }
    const runner = testRunner(knex, {
      sources: [source],
      components: [testComponent('cart-service', 'checkout-team')],
      now: '2026-05-10T12:00:00Z',
    });
    expect((await runner.run({ trigger: 'manual', months })).status).toBe(
      'succeeded',
    );
    await storeExchangeRates(knex, [
      { month: '2026-01', from: 'EUR', to: 'USD', rate: '1.0873' },
      { month: '2026-02', from: 'EUR', to: 'USD', rate: '1.0791' },
      { month: '2026-02', from: 'USD', to: 'EUR', rate: '0.9267' },
      { month: '2026-03', from: 'USD', to: 'EUR', rate: '0.9197' },
    ]);

    const pricing = DatabasePricingStore.create({ knex });
    // actual ← v1 ← v2 ← v3 (EUR) ← v5, and actual ← v4 (EUR).
    const chain: Array<[string, string, string]> = [
      ['v1', 'actual', 'USD'],
      ['v2', 'v1', 'USD'],
      ['v3', 'v2', 'EUR'],
      ['v4', 'actual', 'EUR'],
      ['v5', 'v3', 'USD'],
    ];
    for (const [key, parent, currency] of chain) {
      await pricing.createView(
        { key, name: key, description: '', kind: 'what-if', currency, parent },
        ADMIN,
      );
    }
    const randomRule = () => {
      const level = pick(['product', 'family', 'domain']);
      const target =
        // eslint-disable-next-line no-nested-ternary
        level === 'product'
          ? { product: pick(products).key }
          : level === 'family'
          ? { family: pick(families).key }
          : { domain: pick(families).domain };
      const from = pick(['2025-12', ...months]);
      const later = months.filter(month => month >= from);
      return {
        ...target,
        ...(next() < 0.5
          ? { unitPrice: (next() * 2).toFixed(6) }
          : { multiplier: (0.5 + next()).toFixed(4) }),
        validFrom: from,
        ...(next() < 0.3 && later.length > 0 ? { validTo: pick(later) } : {}),
      };
    };
    for (const [key] of chain) {
      await pricing.addRules(
        key,
        Array.from({ length: 14 }, (_, index) => ({
          index,
          rule: randomRule(),
        })),
        ADMIN,
      );
    }
    await expectResolvedAsRulesSay(knex, 150);

    // Deleted rules, at the root of the chain and in the middle.
    for (const key of ['v1', 'v2', 'v3']) {
      const list = await pricing.listRules(
        (
          await pricing.resolveView(key)
        ).id,
        100,
        0,
      );
      for (const rule of list.filter(() => next() < 0.3)) {
        await pricing.deleteRule(key, rule.id, ADMIN);
      }
    }
    await expectResolvedAsRulesSay(knex, 150);

    // A view moved to another parent, a currency changed, a copy, a view deleted.
    await pricing.updateView('v5', { parent: 'v4' }, ADMIN);
    await pricing.updateView('v2', { currency: 'EUR' }, ADMIN);
    await pricing.copyView('v3', { key: 'v6', name: 'v6' }, ADMIN);
    await pricing.deleteView('v3', ADMIN);
    await expectResolvedAsRulesSay(knex, 150);

    // Rates that change, appear and go.
    await storeExchangeRates(knex, [
      { month: '2026-01', from: 'EUR', to: 'USD', rate: '1.1' },
      { month: '2026-03', from: 'EUR', to: 'USD', rate: '1.09' },
      { month: '2026-04', from: 'USD', to: 'EUR', rate: '0.91' },
    ]);
    await expectResolvedAsRulesSay(knex, 150);

    // A month loaded again with other products and amounts: the batch's actual prices change.
    source.rows.set(
      '2026-02',
      source.rows
        .get('2026-02')!
        .filter(row => row.product.key !== 'p1')
        .map(row => ({ ...row, billedAmount: (next() * 100).toFixed(4) })),
    );
    expect(
      (
        await runner.run({
          trigger: 'manual',
          months: ['2026-02'],
          force: true,
        })
      ).status,
    ).toBe('succeeded');
    await expectResolvedAsRulesSay(knex, 150);
  });
});
