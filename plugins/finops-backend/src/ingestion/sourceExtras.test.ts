import { TestDatabases } from '@backstage/backend-test-utils';
import {
  CommitmentInsight,
  CostSourceRow,
} from '@finops-backstage/plugin-finops-node';
import { Knex } from 'knex';
import { migrateMart } from '../database/operations/migrateMart';
import { DatabasePricingStore } from '../pricing/DatabasePricingStore';
import { ScriptedSource, usageRow } from './__testUtils__/testSources';
import { testComponent, testRunner } from './__testUtils__/testRunner';

jest.setTimeout(120_000);

const MONTH = '2026-03';

/** A scripted source that also counts requests and reports commitment figures. */
class ExtrasSource extends ScriptedSource {
  insights: Array<CommitmentInsight | Record<string, unknown>> = [];
  insightsFail = false;
  backfillMonths?: number;

  async *readMonth(request: {
    month: string;
    countRequest?: (operation: string) => void;
  }): AsyncIterable<CostSourceRow> {
    request.countRequest?.('GetPage');
    request.countRequest?.('GetPage');
    yield* super.readMonth(request);
  }

  async *readCommitmentInsights(request: {
    month: string;
    countRequest?: (operation: string) => void;
  }): AsyncIterable<CommitmentInsight> {
    request.countRequest?.('GetCoverage');
    if (this.insightsFail) {
      throw new Error('coverage API unavailable');
    }
    yield* this.insights as CommitmentInsight[];
  }
}

const COVERAGE: CommitmentInsight = {
  kind: 'coverage',
  commitmentType: 'reservation',
  periodStart: '2026-03-01',
  periodEnd: '2026-03-31',
  service: 'Amazon Elastic Compute Cloud - Compute',
  figures: {
    coveragePercent: '62.5',
    coveredHours: '500',
    onDemandHours: '300',
  },
};

describe('what sources bring beyond quantities', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });
  let knex: Knex;

  beforeEach(async () => {
    knex = await databases.init('POSTGRES_18');
    await migrateMart(knex);
  });

  function runnerFor(source: ScriptedSource) {
    return testRunner(knex, {
      sources: [source],
      components: [testComponent('cart-service', 'checkout-team')],
      now: '2026-04-10T12:00:00Z',
      guards: { rejectThreshold: 0.5, dropThreshold: 0.5 },
    });
  }

  async function priceIn(viewKey: string, productKey: string) {
    const row = await knex('pricing_rule as r')
      .join('pricing_view as v', 'v.pricing_view_id', 'r.pricing_view_id')
      .join('dim_product as p', 'p.product_id', 'r.product_id')
      .where({ 'v.view_key': viewKey, 'p.product_key': productKey })
      .whereNull('r.deleted_at')
      .first(knex.raw('r.unit_price::text AS price'));
    return row?.price as string | undefined;
  }

  it('fills the amortized, list and contracted views, keeps commitments and reconciles the ledger', async () => {
    const reserved = {
      id: 'arn:aws:ec2:us-east-1:111111111111:reserved-instances/ri-1',
      type: 'Reserved Instance',
      category: 'Usage' as const,
      status: 'Used' as const,
      quantity: '24',
      unit: 'Hours',
    };
    const source = new ExtrasSource('extras');
    source.rows.set(MONTH, [
      usageRow('2026-03-01', {
        quantity: '24',
        billedAmount: '1.20',
        listAmount: '2.304',
        contractedAmount: '2.00',
        amortizedAmount: '1.50',
        pricingCategory: 'Committed',
        chargeCategory: 'Usage',
        commitment: reserved,
      }),
      usageRow('2026-03-02', {
        quantity: '8',
        billedAmount: '0.768',
        listAmount: '0.768',
        // no contracted amount: the contracted view must not price this product-month
        amortizedAmount: '0.768',
        pricingCategory: 'Standard',
      }),
      usageRow('2026-03-03', {
        quantity: '1',
        billedAmount: '1',
        listAmount: 'twelve',
      }),
    ]);
    source.insights = [
      COVERAGE,
      { ...COVERAGE, kind: 'sideways', figures: {} },
      {
        ...COVERAGE,
        kind: 'utilization',
        figures: { utilizationPercent: '9.9e1' },
      },
    ];

    const result = await runnerFor(source).run({
      trigger: 'manual',
      months: [MONTH],
    });
    expect(result.status).toBe('succeeded');

    const product = 'extras/aws:ec2:m5.large';
    // Σ amount ÷ Σ quantity over the 32 hours loaded.
    expect(Number(await priceIn('actual', product))).toBeCloseTo(
      1.968 / 32,
      20,
    );
    expect(Number(await priceIn('list', product))).toBeCloseTo(3.072 / 32, 20);
    expect(Number(await priceIn('amortized', product))).toBeCloseTo(
      2.268 / 32,
      20,
    );
    expect(await priceIn('contracted', product)).toBeUndefined();
    // No product-month had a contracted amount on every row: no contracted view yet.
    const views = await knex('pricing_view')
      .orderBy('view_key')
      .select('view_key', 'kind', 'managed_by');
    expect(views).toEqual([
      { view_key: 'actual', kind: 'actual', managed_by: 'ingestion' },
      { view_key: 'amortized', kind: 'amortized', managed_by: 'ingestion' },
      { view_key: 'list', kind: 'list', managed_by: 'ingestion' },
    ]);

    // The batch's views are read-only to users.
    await expect(
      DatabasePricingStore.create({ knex }).updateView(
        'list',
        { name: 'Mine now' },
        'user:default/someone',
      ),
    ).rejects.toThrow(/written by the ingestion batch/);

    const committed = await knex('fact_consumption as f')
      .join('dim_commitment as c', 'c.commitment_id', 'f.commitment_id')
      .select(
        'c.commitment_key',
        'c.commitment_type',
        'f.commitment_status',
        knex.raw('f.commitment_quantity::text AS commitment_quantity'),
        'f.pricing_category',
        'f.charge_category',
      );
    expect(committed).toEqual([
      {
        commitment_key: reserved.id,
        commitment_type: 'Reserved Instance',
        commitment_status: 'Used',
        commitment_quantity: '24',
        pricing_category: 'Committed',
        charge_category: 'Usage',
      },
    ]);

    const ledger = await knex('ingestion_load')
      .where({ run_id: result.runId })
      .orderBy('load_id')
      .select(
        'domain_key',
        'requests',
        'rows_rejected',
        knex.raw('billed_total::text AS billed_total'),
        knex.raw('round(priced_total, 2)::text AS priced_total'),
        'detail',
      );
    expect(ledger).toEqual([
      {
        domain_key: 'CLOUD',
        requests: 2,
        rows_rejected: '1',
        billed_total: '1.968',
        priced_total: '1.97',
        detail: null,
      },
      {
        domain_key: null,
        requests: 1,
        rows_rejected: '2',
        billed_total: null,
        priced_total: null,
        detail: 'commitment figures: 1 stored, 2 rejected',
      },
    ]);
    const rejected = await knex('ingestion_rejected_row')
      .orderBy('rejected_id')
      .pluck('reason');
    expect(rejected).toEqual([
      "bad number: listAmount 'twelve'",
      "unknown kind 'sideways'",
      "bad number: figures.utilizationPercent '9.9e1'",
    ]);

    const figures = await knex('commitment_insight as i')
      .join('commitment_insight_figure as f', 'f.insight_id', 'i.insight_id')
      .orderBy('f.name')
      .select('i.kind', 'f.name', knex.raw('f.value::text AS value'));
    expect(figures).toEqual([
      { kind: 'coverage', name: 'coveragePercent', value: '62.5' },
      { kind: 'coverage', name: 'coveredHours', value: '500' },
      { kind: 'coverage', name: 'onDemandHours', value: '300' },
    ]);
  });

  it('replaces commitment figures at each run, and keeps them when the read fails', async () => {
    const source = new ExtrasSource('extras');
    source.rows.set(MONTH, [usageRow('2026-03-01')]);
    source.insights = [COVERAGE];
    const runner = runnerFor(source);
    await runner.run({ trigger: 'manual', months: [MONTH] });
    await runner.run({ trigger: 'manual', months: [MONTH] });
    expect(await knex('commitment_insight').count({ n: '*' })).toEqual([
      { n: '1' },
    ]);

    source.insightsFail = true;
    const failed = await runner.run({ trigger: 'manual', months: [MONTH] });
    expect(failed.status).toBe('partial');
    expect(failed.loads.map(load => load.status)).toEqual([
      'succeeded',
      'failed',
    ]);
    expect(failed.loads[1].detail).toMatch(/coverage API unavailable/);
    expect(await knex('commitment_insight').count({ n: '*' })).toEqual([
      { n: '1' },
    ]);
  });

  it('counts the requests of a read that fails', async () => {
    const source = new ExtrasSource('extras');
    source.rows.set(MONTH, [usageRow('2026-03-01'), usageRow('2026-03-02')]);
    source.failAt = 2;
    const result = await runnerFor(source).run({
      trigger: 'manual',
      months: [MONTH],
    });
    expect(result.status).toBe('failed');
    const ledger = await knex('ingestion_load')
      .where({ run_id: result.runId })
      .select('status', 'requests');
    expect(ledger).toEqual([{ status: 'failed', requests: 2 }]);
  });

  it('never fetches a final month again, unless a run names it', async () => {
    const source = new ExtrasSource('extras');
    source.backfillMonths = 3;
    for (const month of ['2026-02', '2026-03', '2026-04']) {
      source.rows.set(month, [
        usageRow(`${month}-01`, { estimated: month === '2026-04' }),
      ]);
    }
    const runner = runnerFor(source);
    const first = await runner.run({ trigger: 'schedule' });
    expect([...new Set(first.loads.map(load => load.month))]).toEqual([
      '2026-02',
      '2026-03',
      '2026-04',
    ]);
    const second = await runner.run({ trigger: 'schedule' });
    expect([...new Set(second.loads.map(load => load.month))]).toEqual([
      '2026-04',
    ]);
    const named = await runner.run({ trigger: 'manual', months: ['2026-02'] });
    expect([...new Set(named.loads.map(load => load.month))]).toEqual([
      '2026-02',
    ]);
  });
});
