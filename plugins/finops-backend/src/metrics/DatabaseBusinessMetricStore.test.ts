import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { BusinessMetricSource } from '@finops-backstage/plugin-finops-node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrateMart } from '../database/operations/migrateMart';
import { DatabaseBusinessMetricStore } from './DatabaseBusinessMetricStore';
import { loadMetricSources } from './loadMetricSources';
import { CsvMetricSource } from './readConfiguredMetricSources';

jest.setTimeout(60_000);

const HEADER = 'entity_ref,metric,unit,period,value';

function csvFile(lines: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'finops-metrics-'));
  const file = path.join(dir, 'metrics.csv');
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('business metrics in PostgreSQL', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });

  async function setUp() {
    const knex = await databases.init('POSTGRES_18');
    await migrateMart(knex);
    const store = DatabaseBusinessMetricStore.create({ knex });
    const logger = mockServices.logger.mock();
    const load = (sources: BusinessMetricSource[]) =>
      loadMetricSources({ sources, store, logger });
    return { knex, store, logger, load };
  }

  it('loads a CSV file of months and days, sums the days of a month exactly, and lists the metrics', async () => {
    const { knex, store, load } = await setUp();
    const file = csvFile([
      '# the demo shop',
      HEADER,
      'component:default/checkout-service,orders,order,2026-01,1000',
      'Component:default/Checkout-Service,orders,order,2026-02,1250.5',
      'component:default/search-api,searches,search,2026-02-01,0.1',
      'component:default/search-api,searches,search,2026-02-02,0.2',
      '',
      'component:default/search-api,searches,search,2026-03,7',
    ]);
    const [result] = await load([new CsvMetricSource(file)]);
    expect(result).toEqual({
      source: `file:${file}`,
      status: 'succeeded',
      values: 5,
    });
    const { rows } = await knex.raw(
      `SELECT pg_typeof(value)::text AS type FROM business_metric_value LIMIT 1`,
    );
    expect(rows).toEqual([{ type: 'numeric' }]);

    expect(
      await store.monthlyValues(
        'component:default/search-api',
        'searches',
        '2026-01',
        '2026-03',
      ),
    ).toEqual({
      unit: 'search',
      // 0.1 + 0.2 in numeric, not 0.30000000000000004.
      values: new Map([
        ['2026-02', '0.3'],
        ['2026-03', '7'],
      ]),
    });
    expect(
      await store.monthlyValues(
        'component:default/checkout-service',
        'orders',
        '2027-01',
        '2027-03',
      ),
    ).toEqual({ unit: 'order', values: new Map() });
    expect(
      await store.monthlyValues(
        'component:default/checkout-service',
        'visits',
        '2026-01',
        '2026-03',
      ),
    ).toBeUndefined();

    expect(await store.listMetrics()).toEqual([
      {
        entityRef: 'component:default/checkout-service',
        metric: 'orders',
        unit: 'order',
        source: `file:${file}`,
        firstPeriod: '2026-01',
        lastPeriod: '2026-02',
        daily: false,
      },
      {
        entityRef: 'component:default/search-api',
        metric: 'searches',
        unit: 'search',
        source: `file:${file}`,
        firstPeriod: '2026-02',
        lastPeriod: '2026-03',
        daily: true,
      },
    ]);
    expect(
      await store.listMetrics('component:default/search-api'),
    ).toHaveLength(1);
    expect(await store.sourceStatuses()).toEqual([
      expect.objectContaining({
        source: `file:${file}`,
        status: 'succeeded',
        values: 5,
        loadedAt: expect.any(String),
      }),
    ]);
  });

  it('refuses a bad file whole, naming its line and the reason, and keeps the values before it', async () => {
    const { store, load, logger } = await setUp();
    const file = csvFile([
      HEADER,
      'component:default/checkout-service,orders,order,2026-01,1000',
    ]);
    await load([new CsvMetricSource(file)]);

    const cases: Array<[string[], string]> = [
      [
        [
          '# comment lines count',
          HEADER,
          'component:default/checkout-service,orders,order,2026-02,2000',
          'component:default/checkout-service,orders,order,2026-03,-5',
        ],
        `${file}:4: value '-5' must be a non-negative decimal number`,
      ],
      [
        [HEADER, 'checkout-service,orders,order,2026-02,2000'],
        `${file}:2: entity_ref 'checkout-service' must be a full entity reference`,
      ],
      [
        [HEADER, 'user:default/guest,orders,order,2026-02,2000'],
        `${file}:2: entity_ref 'user:default/guest': metrics are kept for components, systems and groups, not users`,
      ],
      [
        [HEADER, 'component:default/checkout-service,orders,order,2026-13,1'],
        `${file}:2: period '2026-13' must be a month (YYYY-MM) or a day (YYYY-MM-DD)`,
      ],
      [
        [
          HEADER,
          'component:default/checkout-service,orders,order,2026-02,1',
          'component:default/checkout-service,orders,order,2026-02,2',
        ],
        `${file}:3: orders of component:default/checkout-service for 2026-02 is given twice (also ${file}:2)`,
      ],
      [
        [
          HEADER,
          'component:default/checkout-service,orders,order,2026-02,1',
          'component:default/checkout-service,orders,order,2026-02-03,2',
        ],
        `${file}:3: orders of component:default/checkout-service for 2026-02 is given both for the whole month and by day`,
      ],
      [
        [
          HEADER,
          'component:default/checkout-service,orders,order,2026-02,1',
          'component:default/checkout-service,orders,basket,2026-03,2',
        ],
        `${file}:3: orders of component:default/checkout-service is counted in 'basket' here and in 'order' at ${file}:2`,
      ],
      [
        [HEADER, 'component:default/checkout-service,orders,order,2026-02'],
        `${file}: Invalid Record Length`,
      ],
      [
        ['entity_ref,metric,period,value'],
        `${file}: the header must be entity_ref,metric,unit,period,value; missing unit`,
      ],
    ];
    for (const [lines, reason] of cases) {
      fs.writeFileSync(file, `${lines.join('\n')}\n`);
      const [result] = await load([new CsvMetricSource(file)]);
      expect(result.status).toBe('refused');
      expect(result.message).toContain(
        `Business metrics of source 'file:${file}' refused: ${reason}`,
      );
      // Nothing of the refused file is stored; the last good load stays.
      expect(
        await store.monthlyValues(
          'component:default/checkout-service',
          'orders',
          '2026-01',
          '2026-12',
        ),
      ).toEqual({ unit: 'order', values: new Map([['2026-01', '1000']]) });
      expect(await store.sourceStatuses()).toEqual([
        expect.objectContaining({
          source: `file:${file}`,
          status: 'refused',
          values: 1,
          message: result.message,
        }),
      ]);
    }
    expect(logger.error).toHaveBeenCalledTimes(cases.length);

    fs.rmSync(file);
    const [missing] = await load([new CsvMetricSource(file)]);
    expect(missing.message).toContain('ENOENT');
  });

  it('refuses values of an entity-metric-month another source gives; a module source throwing is refused alone', async () => {
    const { store, load } = await setUp();
    const source = (
      key: string,
      values: Array<{ period: string; value: string; unit?: string }>,
    ): BusinessMetricSource => ({
      key,
      async *readMetrics() {
        for (const value of values) {
          yield {
            entityRef: 'component:default/payment-gateway',
            metric: 'payments',
            unit: value.unit ?? 'payment',
            period: value.period,
            value: value.value,
          };
        }
      },
    });
    const failing: BusinessMetricSource = {
      key: 'broken',
      // eslint-disable-next-line require-yield
      async *readMetrics() {
        throw new Error('metrics backend unreachable');
      },
    };
    const results = await load([
      source('a', [{ period: '2026-01', value: '10' }]),
      failing,
      source('b', [
        { period: '2026-02', value: '20' },
        { period: '2026-01-15', value: '5' },
      ]),
      source('c', [{ period: '2026-03', value: '20', unit: 'transaction' }]),
    ]);
    expect(results.map(({ source: key, status }) => [key, status])).toEqual([
      ['a', 'succeeded'],
      ['broken', 'refused'],
      ['b', 'refused'],
      ['c', 'refused'],
    ]);
    expect(results[1].message).toBe(
      "Business metrics of source 'broken' refused: metrics backend unreachable",
    );
    expect(results[2].message).toBe(
      "Business metrics of source 'b' refused: value 2: payments of component:default/payment-gateway for 2026-01 is given by source 'a' already",
    );
    expect(results[3].message).toBe(
      "Business metrics of source 'c' refused: value 1: payments of component:default/payment-gateway is counted in 'payment' by source 'a', not 'transaction'",
    );

    // A source replaced: the values it no longer gives are gone.
    await load([source('a', [{ period: '2026-02', value: '11' }])]);
    expect(
      await store.monthlyValues(
        'component:default/payment-gateway',
        'payments',
        '2026-01',
        '2026-03',
      ),
    ).toEqual({ unit: 'payment', values: new Map([['2026-02', '11']]) });

    expect(await store.removeSourcesExcept(['b'])).toEqual([
      'a',
      'broken',
      'c',
    ]);
    expect(await store.listMetrics()).toEqual([]);
    expect((await store.sourceStatuses()).map(s => s.source)).toEqual(['b']);
  });
});
