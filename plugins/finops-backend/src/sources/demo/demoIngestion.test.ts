import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import Decimal from 'decimal.js';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { migrateMart } from '../../database/operations/migrateMart';
import { DatabaseIngestionStore } from '../../ingestion/DatabaseIngestionStore';
import { IngestionRunner } from '../../ingestion/IngestionRunner';
import {
  applicationFromEntity,
  syncApplications,
} from '../../ingestion/operations/syncApplications';
import { DemoCostSource } from './DemoCostSource';
import { DatabaseCostStore } from '../../costs/DatabaseCostStore';
import { DEMO_UNALLOCATED_PRODUCT_KEYS } from './demoCatalog';
import { DatabaseTagComplianceStore } from '../../tagCompliance/DatabaseTagComplianceStore';
import { DEFAULT_MANDATORY_TAGS } from '@finops-backstage/plugin-finops-common';

jest.setTimeout(120_000);

const NOW = new Date('2026-11-22T10:00:00Z');

/** The demo catalog the app loads by default. */
function demoComponents() {
  const file = path.resolve(__dirname, '../../../../../examples/entities.yaml');
  return parseAllDocuments(fs.readFileSync(file, 'utf8'))
    .map(doc => doc.toJS() as Entity)
    .filter(entity => entity?.kind === 'Component')
    .map(applicationFromEntity);
}

describe('the demo source through the batch', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });

  it('lands 18 months mapped to the demo catalog, reconciling with the bill to the cent', async () => {
    const knex = await databases.init('POSTGRES_18');
    await migrateMart(knex);
    const source = new DemoCostSource({ now: () => NOW });
    const runner = new IngestionRunner({
      store: DatabaseIngestionStore.create({ knex }),
      logger: mockServices.logger.mock(),
      sources: [source],
      readApplications: () => syncApplications(knex, demoComponents()),
      guards: { rejectThreshold: 0.05, dropThreshold: 0.5 },
      now: () => NOW,
    });
    const run = await runner.run({ trigger: 'schedule' });
    expect(run.status).toBe('succeeded');
    expect(run.loads.every(load => load.rowsRejected === 0)).toBe(true);

    const { rows: monthRows } = await knex.raw(
      `SELECT DISTINCT to_char(period_month, 'YYYY-MM') AS month FROM fact_consumption ORDER BY 1`,
    );
    const months: string[] = monthRows.map(
      (row: { month: string }) => row.month,
    );
    expect(months).toHaveLength(18);
    expect(months[0]).toBe('2025-06');
    expect(months[17]).toBe('2026-11');

    // Every component gets costs; unallocated holds only what the demo leaves untagged on purpose.
    const mapped = await knex('fact_consumption as f')
      .join('dim_application as a', 'a.application_id', 'f.application_id')
      .join('dim_product as p', 'p.product_id', 'f.product_id')
      .groupBy('a.application_key')
      .select(
        'a.application_key',
        knex.raw('array_agg(DISTINCT p.product_key) AS products'),
      );
    expect(mapped).toHaveLength(13);
    const unallocated = mapped.find(
      row => row.application_key === 'unallocated',
    );
    // ... and the RDS reservation's unused hours (a commitment, quantity 0: nobody used them).
    expect([...unallocated.products].sort()).toEqual(
      [
        ...DEMO_UNALLOCATED_PRODUCT_KEYS,
        'aws:AmazonRDS:InstanceUsage:db.r5.large:us-east-1',
      ]
        .map(key => `demo/${key}`)
        .sort(),
    );

    // The actual view reproduces each month's billed total to the cent.
    const { rows: costs } = await knex.raw(
      `SELECT to_char(f.period_month, 'YYYY-MM') AS month,
              round(sum(f.quantity * r.unit_price), 2)::text AS cost
         FROM fact_consumption f
         JOIN pricing_rule r ON r.product_id = f.product_id AND r.valid_from = f.period_month
         JOIN pricing_view v ON v.pricing_view_id = r.pricing_view_id AND v.view_key = 'actual'
        GROUP BY 1 ORDER BY 1`,
    );
    const billed: Array<{ month: string; cost: string }> = [];
    for (const month of months) {
      let total = new Decimal(0);
      for await (const row of source.readMonth({ month })) {
        total = total.plus(row.billedAmount ?? '0');
      }
      billed.push({ month, cost: total.toFixed(2) });
    }
    expect(costs).toEqual(billed);

    // The organisation overview of a month adds up: every split and series sums to the total.
    const actual = await knex('pricing_view')
      .where({ view_key: 'actual' })
      .first();
    const overview = await DatabaseCostStore.create({ knex }).getOverview({
      viewId: actual.pricing_view_id,
      from: '2026-09',
      to: '2026-09',
    });
    expect(overview.total).toBe(billed.find(b => b.month === '2026-09')!.cost);
    expect(overview.previousTotal).toBe(
      billed.find(b => b.month === '2026-08')!.cost,
    );
    const sum = (items: Array<{ cost: string }>) =>
      items.reduce((total, item) => total.plus(item.cost), new Decimal(0));
    // Each slice is rounded to the cent on its own: the sums agree to within a cent per slice.
    for (const split of [
      overview.byCloud,
      overview.byAccount,
      overview.byCategory,
      overview.daily,
    ]) {
      expect(
        sum(split).minus(overview.total).abs().toNumber(),
      ).toBeLessThanOrEqual(0.01 * split.length);
    }
    expect(overview.days).toBe(30);
    expect(overview.byCloud.map(c => c.key)).toEqual(
      expect.arrayContaining(['aws', 'azure']),
    );
    expect(Number(overview.weekendShare)).toBeGreaterThan(10);
    expect(Number(overview.weekendShare)).toBeLessThan((2 / 7) * 100);
    expect(overview.topServices).toHaveLength(10);
    const filtered = await DatabaseCostStore.create({ knex }).getOverview({
      viewId: actual.pricing_view_id,
      from: '2026-09',
      to: '2026-09',
      cloud: 'azure',
    });
    expect(filtered.byCloud).toEqual([{ key: 'azure', cost: filtered.total }]);

    // Tag compliance of the last complete month: the gaps the demo plants, and nothing else.
    const tags = await DatabaseTagComplianceStore.create({ knex }).report({
      month: '2026-10',
      viewId: actual.pricing_view_id,
      view: { key: 'actual', name: 'Actual', currency: 'USD' },
      limit: 500,
      trendMonths: 6,
    });
    expect(tags.total).toBe(billed.find(b => b.month === '2026-10')!.cost);
    const missingOf = new Map<string, string[]>();
    for (const resource of tags.resources) {
      const owner = resource.name?.replace(/-(aws|azure)-.*$/, '') ?? 'none';
      missingOf.set(
        owner,
        [
          ...new Set([...(missingOf.get(owner) ?? []), ...resource.missing]),
        ].sort(),
      );
    }
    expect(Object.fromEntries(missingOf)).toEqual({
      'ledger-service': [...DEFAULT_MANDATORY_TAGS].sort(),
      'fraud-scoring': ['CostCenter'],
      'search-api': ['Environment'],
      'recommendation-engine': ['Environment'],
      'analytics-pipeline': ['Environment'],
      'observability-stack': ['CostCenter'],
      shared: [...DEFAULT_MANDATORY_TAGS].sort(),
      // The tax and support charges name no resource.
      none: [...DEFAULT_MANDATORY_TAGS].sort(),
    });
    expect(tags.resourceCount).toBe(tags.resources.length);
    expect(tags.trend).toHaveLength(6);
    expect(tags.unpriced).toEqual([]);
    // Compliant cost and the non-compliant lines make the total (each line rounded on its own).
    expect(
      sum(tags.resources)
        .plus(tags.compliantCost)
        .minus(tags.total)
        .abs()
        .toNumber(),
    ).toBeLessThanOrEqual(0.01 * tags.resources.length);
    // The figures, for the record.
    // eslint-disable-next-line no-console
    console.log(
      [
        `tag compliance 2026-10: total ${tags.total}, compliant ${tags.compliantCost} (${tags.compliantPercent} %), unallocated ${tags.unallocatedCost} (${tags.unallocatedPercent} %)`,
        ...tags.tags.map(t => `  ${t.tag}: ${t.taggedCost} (${t.percent} %)`),
        ...tags.by.cloud.map(
          c => `  ${c.label}: ${c.cost}, compliant ${c.compliantPercent} %`,
        ),
        ...tags.resources
          .slice(0, 3)
          .map(
            r => `  ${r.name ?? r.service}: ${r.cost}, missing ${r.missing}`,
          ),
      ].join('\n'),
    );

    // Final months are never fetched again (on the 22nd, October is final); the current month is.
    const second = await runner.run({ trigger: 'schedule' });
    expect([...new Set(second.loads.map(load => load.month))]).toEqual([
      '2026-11',
    ]);
  });
});
