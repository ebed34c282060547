import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Knex } from 'knex';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseCostStore } from '../costs/DatabaseCostStore';
import { migrateMart } from '../database/operations/migrateMart';
import { refreshPrices } from '../pricing/operations/resolvedPrices';
import { DatabaseIngestionStore } from '../ingestion/DatabaseIngestionStore';
import { IngestionRunner } from '../ingestion/IngestionRunner';
import { syncApplications } from '../ingestion/operations/syncApplications';
import {
  ScriptedSource,
  daysOf,
  usageRow,
} from '../ingestion/__testUtils__/testSources';
import { DatabasePricingStore } from '../pricing/DatabasePricingStore';
import {
  readConfiguredRates,
  storeExchangeRates,
} from '../pricing/operations/exchangeRates';

jest.setTimeout(120_000);

const COMPONENTS = [
  {
    entityRef: 'component:default/cart-service',
    ownerRef: 'group:default/checkout-team',
    name: 'cart-service',
    tagSelectors: ['app=cart-service'],
    accountKeys: [],
  },
];

/** 31 days of 24 h at 0.1 an hour in March, 30 days in April: 74.40 and 72.00 in the currency. */
function usage(currency: string, product: string) {
  return (month: string) =>
    daysOf(month).map(day =>
      usageRow(day, {
        currency,
        billedAmount: '2.4',
        product: {
          key: product,
          name: product,
          unit: 'Hrs',
          provider: currency === 'EUR' ? 'azure' : 'aws',
          service: 'Compute',
          familyKey: 'compute',
        },
      }),
    );
}

describe('several billing currencies', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });
  let knex: Knex;

  beforeEach(async () => {
    knex = await databases.init('POSTGRES_18');
    await migrateMart(knex);
    const aws = new ScriptedSource('aws-usd');
    const azure = new ScriptedSource('azure-eur');
    for (const month of ['2026-03', '2026-04']) {
      aws.rows.set(month, usage('USD', 'aws:m5.large')(month));
      azure.rows.set(month, usage('EUR', 'azure:D2s_v5')(month));
    }
    const runner = new IngestionRunner({
      store: DatabaseIngestionStore.create({ knex }),
      logger: mockServices.logger.mock(),
      sources: [aws, azure],
      readApplications: () => syncApplications(knex, COMPONENTS),
      guards: { rejectThreshold: 0.05, dropThreshold: 0.5 },
      now: () => new Date('2026-05-10T12:00:00Z'),
    });
    const run = await runner.run({
      trigger: 'manual',
      months: ['2026-03', '2026-04'],
    });
    if (run.status !== 'succeeded') {
      throw new Error(`the run ${run.status}`);
    }
  });

  async function estate(viewKey: string, from = '2026-03', to = '2026-04') {
    const pricing = DatabasePricingStore.create({ knex });
    const { id, view } = await pricing.resolveView(viewKey);
    const { rows } = await knex.raw(
      `SELECT array_agg(application_id) AS ids FROM dim_application`,
    );
    const costs = await DatabaseCostStore.create({ knex }).getCosts({
      applicationIds: rows[0].ids,
      viewId: id,
      from,
      to,
      granularity: 'month',
      groupBy: 'product',
    });
    return {
      currency: view.currency,
      costs,
      rates: await pricing.exchangeRates(view.currency, from, to),
      byProduct: Object.fromEntries(
        costs.rows.map(row => [`${row.label}@${row.period}`, row.cost]),
      ),
    };
  }

  it('loads each row in its billing currency and reconciles each source-month in it', async () => {
    const ledger = await knex('ingestion_load')
      .orderBy(['source_key', 'period_month'])
      .select(
        'source_key',
        knex.raw(`to_char(period_month, 'YYYY-MM') AS month`),
        knex.raw('billed_total::text AS billed'),
        knex.raw('round(priced_total, 2)::text AS priced'),
      );
    expect(ledger).toEqual([
      {
        source_key: 'aws-usd',
        month: '2026-03',
        billed: '74.4',
        priced: '74.40',
      },
      {
        source_key: 'aws-usd',
        month: '2026-04',
        billed: '72.0',
        priced: '72.00',
      },
      {
        source_key: 'azure-eur',
        month: '2026-03',
        billed: '74.4',
        priced: '74.40',
      },
      {
        source_key: 'azure-eur',
        month: '2026-04',
        billed: '72.0',
        priced: '72.00',
      },
    ]);
    const prices = await knex('actual_price_basis')
      .orderBy(['source_key', 'period_month'])
      .pluck('currency');
    expect(prices).toEqual(['USD', 'USD', 'EUR', 'EUR']);
  });

  it('converts at query time with the month’s rate, says which, and leaves a month without a rate unpriced', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'finops-rates-'));
    const file = path.join(dir, 'rates.csv');
    // Only March has a EUR → USD rate; USD → EUR for both months.
    fs.writeFileSync(
      file,
      'month,from,to,rate\n2026-03,EUR,USD,1.0873\n2026-03,USD,EUR,0.9197\n2026-04,USD,EUR,0.92\n',
    );
    await storeExchangeRates(
      knex,
      readConfiguredRates(
        new ConfigReader({ finops: { currency: { ratesFile: file } } }),
      ),
    );

    const usd = await estate('actual');
    expect(usd.currency).toBe('USD');
    expect(usd.byProduct).toEqual({
      'aws:m5.large@2026-03': '74.40',
      'aws:m5.large@2026-04': '72.00',
      // 74.40 EUR × 1.0873 = 80.89512 USD.
      'azure:D2s_v5@2026-03': '80.90',
      // No rate: unpriced, reported apart, never costed.
      'azure:D2s_v5@2026-04': '0.00',
    });
    expect(usd.costs.unpriced).toEqual([
      expect.objectContaining({ month: '2026-04', quantity: '720' }),
    ]);
    expect(usd.rates).toEqual({
      used: [{ month: '2026-03', from: 'EUR', to: 'USD', rate: '1.0873' }],
      missing: [{ month: '2026-04', from: 'EUR', to: 'USD' }],
    });
    expect(usd.costs.total).toBe('227.30');

    // A view reporting in EUR, child of actual: the USD prices converted, the EUR ones as billed.
    await knex('pricing_view').insert({
      view_key: 'actual-eur',
      name: 'Actual in EUR',
      kind: 'what-if',
      currency: 'EUR',
      parent_id: knex('pricing_view')
        .where({ view_key: 'actual' })
        .select('pricing_view_id'),
    });
    await refreshPrices(knex);
    const eur = await estate('actual-eur');
    expect(eur.byProduct).toEqual({
      // 74.40 × 0.9197 = 68.42568; 72 × 0.92 = 66.24.
      'aws:m5.large@2026-03': '68.43',
      'aws:m5.large@2026-04': '66.24',
      'azure:D2s_v5@2026-03': '74.40',
      'azure:D2s_v5@2026-04': '72.00',
    });
    expect(eur.costs.unpriced).toEqual([]);
    expect(eur.rates.used).toEqual([
      { month: '2026-03', from: 'USD', to: 'EUR', rate: '0.9197' },
      { month: '2026-04', from: 'USD', to: 'EUR', rate: '0.92' },
    ]);
  });

  it('refuses a bad rate with a message that names it', () => {
    expect(() =>
      readConfiguredRates(
        new ConfigReader({
          finops: {
            currency: {
              rates: [{ month: '2026-3', from: 'EUR', to: 'USD', rate: '1.1' }],
            },
          },
        }),
      ),
    ).toThrow(
      "Exchange rate finops.currency.rates[0]: month '2026-3' is not YYYY-MM",
    );
  });
});
