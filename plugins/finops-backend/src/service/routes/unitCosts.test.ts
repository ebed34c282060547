import {
  BackstageCredentials,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  UnitCostsResponse,
  shiftMonth,
} from '@finops-backstage/plugin-finops-common';
import { finopsBusinessMetricsExtensionPoint } from '@finops-backstage/plugin-finops-node';
import { parse } from 'csv-parse/sync';
import Decimal from 'decimal.js';
import { Knex } from 'knex';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { parseAllDocuments } from 'yaml';
import { apiGetter, cents, withClock } from './__testUtils__/consistency';
import { startDemo } from './__testUtils__/demoBackend';

jest.setTimeout(600_000);

const EXAMPLES = path.resolve(__dirname, '../../../../../examples');
const METRICS_FILE = path.join(EXAMPLES, 'business-metrics.csv');
/** A user the catalog does not show payment-gateway to. */
const OUTSIDER = 'user:default/outsider';

function demoEntities(): Entity[] {
  return ['entities.yaml', 'org.yaml'].flatMap(file =>
    parseAllDocuments(fs.readFileSync(path.join(EXAMPLES, file), 'utf8'))
      .map(doc => doc.toJS() as Entity)
      .filter(Boolean)
      .map(entity => ({
        ...entity,
        metadata: { namespace: 'default', ...entity.metadata },
        relations: [],
      })),
  );
}

/** The demo file's value of an entity's metric in a month. */
function fileValue(entityRef: string, month: string): string {
  const rows: Array<Record<string, string>> = parse(
    fs.readFileSync(METRICS_FILE, 'utf8'),
    { columns: true, comment: '#', skip_empty_lines: true },
  );
  return rows.find(row => row.entity_ref === entityRef && row.period === month)!
    .value;
}

describe('unit economics: GET /unit-costs and GET /business-metrics on the demo', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });
  // Three demo months (2026-10 to 2026-12, the last one empty on its 1st).
  withClock('2026-12-01T06:00:00Z');
  let server: any;
  let knex: Knex;
  const get = apiGetter(() => server);

  beforeAll(async () => {
    knex = await databases.init('POSTGRES_18');
    const catalog = catalogServiceMock({ entities: demoEntities() });
    const hidden = (options: unknown) =>
      (
        (options as { credentials: BackstageCredentials }).credentials
          .principal as { userEntityRef?: string }
      ).userEntityRef === OUTSIDER;
    const getEntityByRef = catalog.getEntityByRef.bind(catalog);
    catalog.getEntityByRef = async (ref, options) =>
      hidden(options) && String(ref).includes('payment-gateway')
        ? undefined
        : getEntityByRef(ref, options as any);
    const getEntitiesByRefs = catalog.getEntitiesByRefs.bind(catalog);
    catalog.getEntitiesByRefs = async (req, options) => {
      const answer = await getEntitiesByRefs(req, options as any);
      return hidden(options)
        ? {
            items: answer.items.map(entity =>
              entity?.metadata.name === 'payment-gateway' ? undefined : entity,
            ),
          }
        : answer;
    };
    const metricsModule = createBackendModule({
      pluginId: 'finops',
      moduleId: 'test-metrics',
      register(env) {
        env.registerInit({
          deps: { metrics: finopsBusinessMetricsExtensionPoint },
          async init({ metrics }) {
            metrics.addMetricSource({
              key: 'test-backend',
              async *readMetrics() {
                yield {
                  entityRef: 'group:default/data',
                  metric: 'active-users',
                  unit: 'user',
                  period: '2026-10-05',
                  value: '40',
                };
              },
            });
          },
        });
      },
    });
    server = await startDemo(knex, 3, {
      features: [metricsModule],
      catalog,
      finops: {
        businessMetrics: {
          files: [METRICS_FILE],
          metrics: [
            {
              entityRef: 'system:default/storefront',
              metric: 'orders',
              unit: 'order',
              values: [
                { period: '2026-10', value: 150000 },
                { period: '2026-11', value: '175000' },
              ],
            },
          ],
        },
      },
    });
  });

  it('answers each month the cost GET /costs answers, the metric, their quotient and a split change that adds up', async () => {
    for (const [entityRef, metric, unit] of [
      ['component:default/checkout-service', 'orders', 'order'],
      ['component:default/payment-gateway', 'payments', 'payment'],
      ['component:default/search-api', 'searches', 'search'],
      ['system:default/storefront', 'orders', 'order'],
    ]) {
      const { body } = (await get('/unit-costs', {
        entityRef,
        metric,
        from: '2026-10',
        to: '2026-11',
      })) as { body: UnitCostsResponse };
      expect(body.metric).toEqual({ key: metric, unit });
      expect(body.view.key).toBe('actual');
      expect(body.periods.map(p => p.period)).toEqual(['2026-10', '2026-11']);
      for (const period of body.periods) {
        const costs = await get('/costs', {
          entityRef,
          from: period.period,
          to: period.period,
        });
        expect(period.cost).toBe(costs.body.total);
        expect(cents(period.cost)).toBeGreaterThan(0n);
        expect(period.costPerUnit).toBe(
          new Decimal(period.cost)
            .dividedBy(period.value!)
            .toDecimalPlaces(6, Decimal.ROUND_HALF_UP)
            .toFixed(6),
        );
      }
      const range = await get('/costs', {
        entityRef,
        from: '2026-10',
        to: '2026-11',
      });
      expect(body.total.cost).toBe(range.body.total);
      const change = body.change!;
      expect(cents(change.volume) + cents(change.efficiency)).toBe(
        cents(body.periods[1].cost) - cents(body.periods[0].cost),
      );
      expect(change.cost.difference).toBe(
        new Decimal(body.periods[1].cost)
          .minus(body.periods[0].cost)
          .toFixed(2),
      );
    }

    const checkout = await get('/unit-costs', {
      entityRef: 'component:default/checkout-service',
      metric: 'orders',
      from: '2026-10',
      to: '2026-11',
    });
    expect(checkout.body.periods.map((p: any) => p.value)).toEqual([
      fileValue('component:default/checkout-service', '2026-10'),
      fileValue('component:default/checkout-service', '2026-11'),
    ]);
    // Orders grew faster than the cost: we did more, and each order cost less.
    expect(cents(checkout.body.change.volume)).toBeGreaterThan(0n);
    expect(cents(checkout.body.change.efficiency)).toBeLessThan(0n);

    // Another view: the same costs as GET /costs in that view.
    await request(server).post('/api/finops/pricing-views').send({
      key: 'dearer',
      name: 'Dearer',
      kind: 'what-if',
      currency: 'USD',
      parent: 'actual',
    });
    const dearer = await get('/unit-costs', {
      entityRef: 'component:default/checkout-service',
      metric: 'orders',
      from: '2026-11',
      to: '2026-11',
      view: 'dearer',
    });
    const dearerCosts = await get('/costs', {
      entityRef: 'component:default/checkout-service',
      from: '2026-11',
      to: '2026-11',
      view: 'dearer',
    });
    expect(dearer.body.periods[0].cost).toBe(dearerCosts.body.total);
    expect(dearer.body.changeUnavailable).toBe(
      'The range has one month: nothing to compare.',
    );

    // The current month (December on its 1st): its cost to date, as GET /costs answers it
    // (the shared tooling is charged on the 1st), beside the month's metric.
    const december = await get('/unit-costs', {
      entityRef: 'component:default/checkout-service',
      metric: 'orders',
      from: '2026-12',
      to: '2026-12',
    });
    const decemberCosts = await get('/costs', {
      entityRef: 'component:default/checkout-service',
      from: '2026-12',
      to: '2026-12',
    });
    expect(december.body.periods[0]).toEqual({
      period: '2026-12',
      cost: decemberCosts.body.total,
      value: fileValue('component:default/checkout-service', '2026-12'),
      costPerUnit: expect.stringMatching(/^\d+\.\d{6}$/),
    });
    // A metric given by day (the module's): the month's value is the sum of its days.
    const users = await get('/unit-costs', {
      entityRef: 'group:default/data',
      metric: 'active-users',
      from: '2026-10',
      to: '2026-11',
    });
    expect(users.body.periods.map((p: any) => p.value)).toEqual([
      '40',
      undefined,
    ]);
    expect(users.body.changeUnavailable).toBe(
      'The last month, 2026-11, has no value: the change cannot be split per unit.',
    );
  });

  it('lists the entities with a metric that the caller may see, and the sources loaded', async () => {
    const { body } = await get('/business-metrics', {});
    expect(
      body.items.map((item: any) => `${item.entityRef} ${item.metric}`),
    ).toEqual([
      'component:default/checkout-service orders',
      'component:default/payment-gateway payments',
      'component:default/search-api searches',
      'group:default/data active-users',
      'system:default/storefront orders',
    ]);
    expect(body.items[0]).toEqual({
      entityRef: 'component:default/checkout-service',
      metric: 'orders',
      unit: 'order',
      source: `file:${METRICS_FILE}`,
      firstPeriod: '2024-01',
      // The file goes on to 2028-12: the months after the current one are not listed.
      lastPeriod: '2026-12',
      daily: false,
    });
    expect(
      body.sources.map((s: any) => [s.source, s.status, s.values]),
    ).toEqual([
      ['config', 'succeeded', 2],
      [`file:${METRICS_FILE}`, 'succeeded', 180],
      ['test-backend', 'succeeded', 1],
    ]);
    const one = await get('/business-metrics', {
      entityRef: 'component:default/search-api',
    });
    expect(one.body.items.map((item: any) => item.metric)).toEqual([
      'searches',
    ]);

    const outsider = mockCredentials.user.header(OUTSIDER);
    const theirs = await request(server)
      .get('/api/finops/business-metrics')
      .set('authorization', outsider);
    expect(theirs.status).toBe(200);
    expect(theirs.body.items.map((item: any) => item.entityRef)).not.toContain(
      'component:default/payment-gateway',
    );
    const hidden = await request(server)
      .get('/api/finops/unit-costs')
      .set('authorization', outsider)
      .query({
        entityRef: 'component:default/payment-gateway',
        metric: 'payments',
        from: '2026-10',
        to: '2026-11',
      });
    expect(hidden.status).toBe(404);
  });

  it('refuses a bad query with a clear message, and answers 404 for what does not exist', async () => {
    const base = {
      entityRef: 'component:default/checkout-service',
      metric: 'orders',
      from: '2026-10',
      to: '2026-11',
    };
    const cases: Array<[Record<string, string>, number, string]> = [
      [
        { ...base, to: '2026-09' },
        400,
        'to: must not be before from (2026-10)',
      ],
      [
        { ...base, from: '2026-1' },
        400,
        'from: must be a month such as 2026-03',
      ],
      [{ ...base, to: shiftMonth('2026-10', 60) }, 400, 'at most 60'],
      [{ ...base, metric: 'Orders!' }, 400, 'metric: must be lower case'],
      [{ ...base, entityRef: 'checkout' }, 400, 'entityRef: must be a full'],
      [
        { ...base, colour: 'red' },
        400,
        "Unrecognized key(s) in object: 'colour'",
      ],
      [
        { ...base, entityRef: 'user:default/guest' },
        400,
        'costs are kept for components, systems and groups',
      ],
      [
        { ...base, metric: 'visits' },
        404,
        "component:default/checkout-service has no business metric 'visits'; its metrics: orders",
      ],
      [
        { ...base, entityRef: 'component:default/cart-service' },
        404,
        "component:default/cart-service has no business metric 'orders'; it has none",
      ],
      [
        { ...base, entityRef: 'component:default/nope' },
        404,
        'No entity component:default/nope in the catalog',
      ],
      [{ ...base, view: 'nope' }, 404, "No pricing view 'nope'"],
    ];
    for (const [query, status, message] of cases) {
      const response = await request(server)
        .get('/api/finops/unit-costs')
        .query(query);
      expect({ query, status: response.status }).toEqual({ query, status });
      expect(response.body.error.message).toContain(message);
    }
    const list = await request(server)
      .get('/api/finops/business-metrics')
      .query({ entityRef: 'nope' });
    expect(list.status).toBe(400);
    const anonymous = await request(server)
      .get('/api/finops/unit-costs')
      .set('authorization', mockCredentials.none.header())
      .query(base);
    expect(anonymous.status).toBe(401);
  });
});
