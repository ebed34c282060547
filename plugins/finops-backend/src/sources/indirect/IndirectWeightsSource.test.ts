import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import Decimal from 'decimal.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrateMart } from '../../database/operations/migrateMart';
import { DatabaseIngestionStore } from '../../ingestion/DatabaseIngestionStore';
import { IngestionRunner } from '../../ingestion/IngestionRunner';
import { syncApplications } from '../../ingestion/operations/syncApplications';
import { IndirectWeightsSource } from './IndirectWeightsSource';

jest.setTimeout(60_000);

const COMPONENTS = ['cart-service', 'ledger-service', 'search-api'].map(
  name => ({
    entityRef: `component:default/${name}`,
    name,
    tagSelectors: [`app=${name}`],
    accountKeys: [],
  }),
);

function sourceWith(file?: string) {
  return new IndirectWeightsSource({
    domainKey: 'SHARED_TOOLING',
    domainName: 'Shared tooling',
    methodKey: 'components',
    label: 'Split by weight',
    monthlyAmount: '1000.00',
    currency: 'USD',
    file,
    catalogEntityRefs: async () => COMPONENTS.map(c => c.entityRef),
    backfillMonths: 2,
    now: () => new Date('2026-04-10T00:00:00Z'),
  });
}

describe('IndirectWeightsSource', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });

  async function load(source: IndirectWeightsSource, rejectThreshold = 0.05) {
    const knex = await databases.init('POSTGRES_18');
    await migrateMart(knex);
    const runner = new IngestionRunner({
      store: DatabaseIngestionStore.create({ knex }),
      logger: mockServices.logger.mock(),
      sources: [source],
      readApplications: () => syncApplications(knex, COMPONENTS),
      guards: { rejectThreshold, dropThreshold: 0.5 },
    });
    const run = await runner.run({ trigger: 'manual', months: ['2026-03'] });
    const coefficients = await knex('fact_consumption as f')
      .join('dim_application as a', 'a.application_id', 'f.application_id')
      .where('f.period_month', '2026-03-01')
      .orderBy('a.entity_ref')
      .select('a.entity_ref', 'f.quantity', 'f.consumption_type');
    const { rows: cost } = await knex.raw(
      `SELECT round(sum(f.quantity * r.unit_price), 2)::text AS total
         FROM fact_consumption f JOIN pricing_rule r
           ON r.product_id = f.product_id AND r.valid_from = f.period_month`,
    );
    return { knex, run, coefficients, total: cost[0].total };
  }

  it('derives equal weights from the catalog; coefficients sum to 1 and carry the amount', async () => {
    const { coefficients, total, knex } = await load(sourceWith());
    expect(coefficients.map(c => c.consumption_type)).toEqual([
      'INDIRECT',
      'INDIRECT',
      'INDIRECT',
    ]);
    const sum = coefficients.reduce(
      (s, c) => s.plus(c.quantity),
      new Decimal(0),
    );
    expect(sum.toDecimalPlaces(20).toFixed()).toBe('1');
    expect(total).toBe('1000.00');
    const domain = await knex('dim_domain')
      .where({ domain_key: 'SHARED_TOOLING' })
      .first();
    expect(domain).toMatchObject({
      domain_mode: 'INDIRECT',
      indirect_method_key: 'components',
      indirect_label: 'Split by weight',
    });
  });

  it('reads weights from a CSV and rejects the bad lines with their line number', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weights-'));
    const file = path.join(dir, 'weights.csv');
    fs.writeFileSync(
      file,
      Buffer.concat([
        Buffer.from(
          [
            'month,entity_ref,weight',
            '2026-03,component:default/cart-service,3',
            '2026-03,component:default/ledger-service,1',
            '2026-03,component:default/search-api,-2',
            '2026-03,component:default/nowhere,1',
            '2026-03,,1',
            '2026-03,component:default/search-api,abc',
            '2026-02,component:default/search-api,5',
            '',
          ].join('\n'),
        ),
        Buffer.from([
          0x32, 0x30, 0x32, 0x36, 0x2d, 0x30, 0x33, 0x2c, 0xff, 0xfe, 0x2c,
          0x31, 0x0a,
        ]),
      ]),
    );
    const { coefficients, total, knex, run } = await load(
      sourceWith(file),
      0.9,
    );
    expect(
      coefficients.map(c => [c.entity_ref, new Decimal(c.quantity).toFixed()]),
    ).toEqual([
      ['component:default/cart-service', '0.75'],
      ['component:default/ledger-service', '0.25'],
    ]);
    const rejected = await knex('ingestion_rejected_row')
      .where({ run_id: run.runId })
      .orderBy('rejected_id')
      .select('line', 'reason');
    expect(rejected).toEqual([
      { line: `${file}:4`, reason: 'negative weight: -2' },
      {
        line: `${file}:5`,
        reason:
          'unknown entity: component:default/nowhere is not a component of the catalog',
      },
      { line: `${file}:6`, reason: 'missing column: entity_ref' },
      { line: `${file}:7`, reason: "bad number: quantity 'abc'" },
      { line: `${file}:9`, reason: 'wrong encoding: text is not valid UTF-8' },
    ]);
    // The amount follows the weights that loaded: 3 and 1 of the 4 valid-looking ones.
    expect(total).toBe('1000.00');
  });
});
