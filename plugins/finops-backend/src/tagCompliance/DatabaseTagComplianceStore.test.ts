import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import {
  DEFAULT_MANDATORY_TAGS,
  TagComplianceReport,
} from '@finops-backstage/plugin-finops-common';
import {
  CostSourceProduct,
  CostSourceRow,
} from '@finops-backstage/plugin-finops-node';
import { Knex } from 'knex';
import { migrateMart } from '../database/operations/migrateMart';
import { refreshPrices } from '../pricing/operations/resolvedPrices';
import { DatabaseIngestionStore } from '../ingestion/DatabaseIngestionStore';
import { IngestionRunner } from '../ingestion/IngestionRunner';
import { syncApplications } from '../ingestion/operations/syncApplications';
import { ScriptedSource } from '../ingestion/__testUtils__/testSources';
import { DatabaseTagComplianceStore } from './DatabaseTagComplianceStore';

jest.setTimeout(120_000);

const VM: CostSourceProduct = {
  key: 'aws:vm',
  name: 'VM',
  unit: 'Hrs',
  provider: 'aws',
  service: 'AmazonEC2',
  region: 'us-east-1',
  familyKey: 'compute',
};
const DISK: CostSourceProduct = {
  key: 'azure:disk',
  name: 'Disk',
  unit: 'GB-Mo',
  provider: 'azure',
  service: 'Storage',
  familyKey: 'storage',
};
const MYSTERY: CostSourceProduct = {
  ...VM,
  key: 'aws:mystery',
  name: 'Mystery',
  unit: 'Units',
};
const PROD = { key: '111111111111', name: 'prod' };
const SUB = { key: 'sub-b', name: 'azure-sub' };

function row(
  day: string,
  product: CostSourceProduct,
  quantity: string,
  resource: string | undefined,
  tags: Record<string, string>,
): CostSourceRow {
  return {
    day,
    domainKey: 'CLOUD',
    product,
    account: product.provider === 'aws' ? PROD : SUB,
    resource: resource
      ? { key: resource, name: `${resource} name` }
      : undefined,
    tags,
    quantity,
    billedAmount: '1',
    currency: 'USD',
  };
}

/**
 * A source over two months, priced in a view `test` at 0.5 an hour (VM) and 0.1 a GB-month (disk),
 * with no rule for the mystery product. Mandatory tags: Owner and Team.
 *
 * March: i-1 10 h = 5.00 (owner, Team: compliant, the key in lower case counts);
 *        i-2 20 h = 10.00 (Owner, Team blank: misses Team);
 *        d-1 30 GB = 3.00 (Team: misses Owner); d-2 40 GB = 4.00 (neither: unallocated);
 *        2 h naming no resource = 1.00 (its row's tags do not count: unallocated);
 *        7 units of mystery, unpriced. Total 23.00.
 * February: i-1 10 h = 5.00 (Owner only), d-1 10 GB = 1.00 (both). Total 6.00.
 */
async function seed(knex: Knex) {
  await migrateMart(knex);
  const source = new ScriptedSource('t');
  source.rows.set('2026-02', [
    row('2026-02-03', VM, '10', 'i-1', { Owner: 'ann' }),
    row('2026-02-03', DISK, '10', 'd-1', { Owner: 'carl', Team: 'data' }),
  ]);
  source.rows.set('2026-03', [
    row('2026-03-01', VM, '4', 'i-1', { owner: 'ann' }),
    row('2026-03-02', VM, '6', 'i-1', { Team: 'core' }),
    row('2026-03-01', VM, '20', 'i-2', { Owner: 'bob', Team: ' ' }),
    row('2026-03-01', DISK, '30', 'd-1', { Team: 'data' }),
    row('2026-03-01', DISK, '40', 'd-2', { Env: 'x' }),
    row('2026-03-05', VM, '2', undefined, { Owner: 'x', Team: 'y' }),
    row('2026-03-05', MYSTERY, '7', 'm-1', { Owner: 'x', Team: 'y' }),
  ]);
  const runner = new IngestionRunner({
    store: DatabaseIngestionStore.create({ knex }),
    logger: mockServices.logger.mock(),
    sources: [source],
    readApplications: () => syncApplications(knex, []),
    guards: { rejectThreshold: 0.05, dropThreshold: 0.5 },
    now: () => new Date('2026-04-10T12:00:00Z'),
  });
  const run = await runner.run({
    trigger: 'manual',
    months: ['2026-02', '2026-03'],
  });
  expect(run.status).toBe('succeeded');

  const [{ pricing_view_id: viewId }] = await knex('pricing_view')
    .insert({ view_key: 'test', name: 'Test', kind: 'budget', currency: 'EUR' })
    .returning('pricing_view_id');
  const products = await knex('dim_product').select(
    'product_id',
    'product_key',
  );
  const price: Record<string, string> = {
    't/aws:vm': '0.5',
    't/azure:disk': '0.1',
  };
  await knex('pricing_rule').insert(
    products
      .filter(p => price[p.product_key])
      .map(p => ({
        pricing_view_id: viewId,
        product_id: p.product_id,
        unit_price: price[p.product_key],
        valid_from: '2026-01-01',
      })),
  );
  await refreshPrices(knex, { views: [viewId] });
  return viewId as number;
}

describe('DatabaseTagComplianceStore', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });

  it('measures the cost carrying each mandatory tag, by dimension, with the resources that miss some', async () => {
    const knex = await databases.init('POSTGRES_18');
    const viewId = await seed(knex);
    const store = DatabaseTagComplianceStore.create({
      knex,
      mandatoryTags: ['Owner', ' owner', 'Team'],
    });
    const query = {
      month: '2026-03',
      viewId,
      view: { key: 'test', name: 'Test', currency: 'EUR' },
      limit: 50,
      trendMonths: 3,
    };
    const report = await store.report(query);

    const coverage = (
      owner: [string, string | null],
      team: [string, string | null],
    ) => [
      { tag: 'Owner', taggedCost: owner[0], percent: owner[1] },
      { tag: 'Team', taggedCost: team[0], percent: team[1] },
    ];
    expect(report).toMatchObject({
      month: '2026-03',
      view: { key: 'test', name: 'Test' },
      currency: 'EUR',
      // Configured names, without case-insensitive duplicates.
      mandatoryTags: ['Owner', 'Team'],
      total: '23.00',
      compliantCost: '5.00',
      compliantPercent: '21.74',
      unallocatedCost: '5.00',
      unallocatedPercent: '21.74',
      // Owner: i-1 5 + i-2 10 = 15 (65.22 %); Team: i-1 5 + d-1 3 = 8 (34.78 %).
      tags: coverage(['15.00', '65.22'], ['8.00', '34.78']),
    });
    expect(report.by).toEqual({
      cloud: [
        {
          key: 'aws',
          label: 'aws',
          cost: '16.00',
          compliantPercent: '31.25',
          tags: coverage(['15.00', '93.75'], ['5.00', '31.25']),
        },
        {
          key: 'azure',
          label: 'azure',
          cost: '7.00',
          compliantPercent: '0.00',
          tags: coverage(['0.00', '0.00'], ['3.00', '42.86']),
        },
      ],
      account: [
        expect.objectContaining({
          key: '111111111111',
          label: 'prod',
          cost: '16.00',
        }),
        expect.objectContaining({
          key: 'sub-b',
          label: 'azure-sub',
          cost: '7.00',
        }),
      ],
      service: [
        expect.objectContaining({
          key: 'aws:AmazonEC2',
          label: 'AmazonEC2',
          cost: '16.00',
        }),
        expect.objectContaining({
          key: 'azure:Storage',
          label: 'Storage',
          cost: '7.00',
        }),
      ],
      region: [
        expect.objectContaining({ key: 'us-east-1', cost: '16.00' }),
        expect.objectContaining({ key: 'global', cost: '7.00' }),
      ],
    });
    expect(report.resources).toEqual([
      {
        resourceKey: 'i-2',
        name: 'i-2 name',
        provider: 'aws',
        accountKey: '111111111111',
        service: 'AmazonEC2',
        region: 'us-east-1',
        cost: '10.00',
        missing: ['Team'],
        tags: { Owner: 'bob', Team: ' ' },
      },
      {
        resourceKey: 'd-2',
        name: 'd-2 name',
        provider: 'azure',
        accountKey: 'sub-b',
        service: 'Storage',
        region: 'global',
        cost: '4.00',
        missing: ['Owner', 'Team'],
        tags: { Env: 'x' },
      },
      {
        resourceKey: 'd-1',
        name: 'd-1 name',
        provider: 'azure',
        accountKey: 'sub-b',
        service: 'Storage',
        region: 'global',
        cost: '3.00',
        missing: ['Owner'],
        tags: { Team: 'data' },
      },
      {
        provider: 'aws',
        accountKey: '111111111111',
        service: 'AmazonEC2',
        region: 'us-east-1',
        cost: '1.00',
        missing: ['Owner', 'Team'],
        tags: {},
      },
    ]);
    expect(report.resourceCount).toBe(4);
    expect(report.unpriced).toEqual([
      {
        productKey: 't/aws:mystery',
        name: 'Mystery',
        unit: 'Units',
        month: '2026-03',
        quantity: '7',
      },
    ]);
    expect(report.trend).toEqual([
      {
        month: '2026-01',
        total: '0.00',
        compliantPercent: null,
        unallocatedCost: '0.00',
        tags: coverage(['0.00', null], ['0.00', null]),
      },
      {
        month: '2026-02',
        total: '6.00',
        compliantPercent: '16.67',
        unallocatedCost: '0.00',
        tags: coverage(['6.00', '100.00'], ['1.00', '16.67']),
      },
      {
        month: '2026-03',
        total: '23.00',
        compliantPercent: '21.74',
        unallocatedCost: '5.00',
        tags: report.tags,
      },
    ]);

    // The limit bounds the resources and the slices, not the count.
    const limited = await store.report({ ...query, limit: 1, trendMonths: 1 });
    expect(limited.resources.map(r => r.resourceKey)).toEqual(['i-2']);
    expect(limited.resourceCount).toBe(4);
    expect(limited.by.cloud.map(s => s.key)).toEqual(['aws']);
    expect(limited.trend.map(t => t.month)).toEqual(['2026-03']);
    expect(limited.total).toBe('23.00');
  });

  it('sets credits and refunds apart: shares stay within 0–100 %, unallocated cost is never negative', async () => {
    const knex = await databases.init('POSTGRES_18');
    await migrateMart(knex);
    const money = (key: string): CostSourceProduct => ({
      key,
      name: key,
      unit: 'USD',
      provider: 'aws',
      service: 'AmazonEC2',
      region: 'us-east-1',
      familyKey: key,
    });
    const amount = (
      product: CostSourceProduct,
      billed: string,
      resource: string | undefined,
      chargeCategory: CostSourceRow['chargeCategory'],
    ): CostSourceRow => ({
      ...row('2026-03-01', product, billed, resource, {}),
      billedAmount: billed,
      chargeCategory,
    });
    const source = new ScriptedSource('t');
    source.rows.set('2026-03', [
      // Charged: i-1 5.00 (Owner, Environment), i-2 2.00 (Owner), tax 1.00 naming no resource.
      {
        ...row('2026-03-02', VM, '10', 'i-1', {
          Owner: 'ann',
          Environment: 'prod',
        }),
        billedAmount: '5.00',
      },
      {
        ...row('2026-03-02', VM, '4', 'i-2', { Owner: 'bob' }),
        billedAmount: '2.00',
      },
      amount(money('aws:tax'), '1.00', undefined, 'Tax'),
      // Set apart: a credit naming no resource, a credit on i-1, a refund of i-2's usage.
      amount(money('aws:credit'), '-1.48', undefined, 'Credit'),
      amount(money('aws:credit'), '-0.50', 'i-1', 'Credit'),
      amount(money('aws:refund'), '-0.30', 'i-2', 'Adjustment'),
    ]);
    const runner = new IngestionRunner({
      store: DatabaseIngestionStore.create({ knex }),
      logger: mockServices.logger.mock(),
      sources: [source],
      readApplications: () => syncApplications(knex, []),
      guards: { rejectThreshold: 0.05, dropThreshold: 0.5 },
      now: () => new Date('2026-04-10T12:00:00Z'),
    });
    const run = await runner.run({ trigger: 'manual', months: ['2026-03'] });
    expect(run.status).toBe('succeeded');
    expect(run.loads.every(load => load.rowsRejected === 0)).toBe(true);
    const actual = await knex('pricing_view')
      .where({ view_key: 'actual' })
      .first();

    const report = await DatabaseTagComplianceStore.create({
      knex,
      mandatoryTags: ['Owner', 'Environment'],
    }).report({
      month: '2026-03',
      viewId: actual.pricing_view_id,
      view: { key: 'actual', name: 'Actual', currency: 'USD' },
      limit: 50,
      trendMonths: 1,
    });
    expect(report).toMatchObject({
      // 5.00 + 2.00 + 1.00 charged; the credits and the refund on lines of their own.
      total: '8.00',
      compliantCost: '5.00',
      compliantPercent: '62.50',
      unallocatedCost: '1.00',
      unallocatedPercent: '12.50',
      withoutResourceCost: '1.00',
      setApart: [
        { kind: 'credit', cost: '-1.98', lines: 2 },
        { kind: 'refund', cost: '-0.30', lines: 1 },
      ],
      netCost: '5.72',
      tags: [
        { tag: 'Owner', taggedCost: '7.00', percent: '87.50' },
        { tag: 'Environment', taggedCost: '5.00', percent: '62.50' },
      ],
    });
    const shares = [
      report.compliantPercent,
      report.unallocatedPercent,
      ...report.tags.map(t => t.percent),
      ...Object.values(report.by).flatMap(slices =>
        slices.flatMap(slice => [
          slice.compliantPercent,
          ...slice.tags.map(t => t.percent),
        ]),
      ),
    ].map(Number);
    expect(shares.every(share => share >= 0 && share <= 100)).toBe(true);
    expect(report.by.cloud).toEqual([
      expect.objectContaining({ key: 'aws', cost: '8.00' }),
    ]);
    // The non-compliant lines: i-2 and the tax; no credit among them.
    expect(
      report.resources.map(r => [r.resourceKey ?? r.service, r.cost]),
    ).toEqual([
      ['i-2', '2.00'],
      ['AmazonEC2', '1.00'],
    ]);
    expect(report.trend[0]).toMatchObject({
      total: '8.00',
      unallocatedCost: '1.00',
    });
  });

  it('uses the default mandatory tags, and answers a month without cost', async () => {
    const knex = await databases.init('POSTGRES_18');
    await migrateMart(knex);
    const report: TagComplianceReport = await DatabaseTagComplianceStore.create(
      {
        knex,
      },
    ).report({
      month: '2026-03',
      viewId: 1,
      view: { key: 'actual', name: 'Actual', currency: 'USD' },
      limit: 50,
      trendMonths: 2,
    });
    expect(report.mandatoryTags).toEqual(DEFAULT_MANDATORY_TAGS);
    expect(report).toMatchObject({
      total: '0.00',
      compliantCost: '0.00',
      compliantPercent: null,
      unallocatedCost: '0.00',
      unallocatedPercent: null,
      withoutResourceCost: '0.00',
      setApart: [],
      netCost: '0.00',
      by: { cloud: [], account: [], service: [], region: [] },
      resources: [],
      resourceCount: 0,
      unpriced: [],
    });
    expect(report.tags).toHaveLength(5);
    expect(report.trend.map(t => t.month)).toEqual(['2026-02', '2026-03']);
  });
});
