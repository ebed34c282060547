import { TestDatabases } from '@backstage/backend-test-utils';
import {
  migrationsDir,
  migrationsTableName,
} from '@finops-backstage/finops-migrations';
import { Knex } from 'knex';
import { migrateMart } from './operations/migrateMart';
import { insertM5Large } from './__testUtils__/martRows';

jest.setTimeout(60_000);

const MART_TABLES = [
  'dim_domain',
  'dim_family',
  'dim_product',
  'dim_application',
  'dim_account',
  'dim_resource',
  'dim_commitment',
  'fact_consumption',
  'agg_quantity_monthly',
  'agg_quantity_days',
  'agg_quantity_estate_daily',
  'commitment_insight',
  'commitment_insight_figure',
  'ingestion_run',
  'ingestion_load',
  'ingestion_rejected_row',
  'actual_price_basis',
  'pricing_view',
  'pricing_rule',
  'audit_event',
  'chargeback_close',
  'chargeback_close_line',
  'resource_tag_month',
];

async function tablesOf(knex: Knex): Promise<string[]> {
  const { rows } = await knex.raw(
    `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      ORDER BY 1`,
  );
  return rows.map((row: { relname: string }) => row.relname);
}

async function materializedViewsOf(knex: Knex): Promise<string[]> {
  const { rows } = await knex.raw(
    'SELECT matviewname FROM pg_matviews WHERE schemaname = current_schema() ORDER BY 1',
  );
  return rows.map((row: { matviewname: string }) => row.matviewname);
}

describe('mart migrations', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });

  it('creates the mart, and migrates down and up again', async () => {
    const knex = await databases.init('POSTGRES_18');
    await migrateMart(knex);

    // The mart's tables (later migrations add their own).
    expect(await tablesOf(knex)).toEqual(
      expect.arrayContaining([
        ...MART_TABLES,
        migrationsTableName,
        `${migrationsTableName}_lock`,
      ]),
    );
    // Summary tables kept by the batch, no materialized view to refresh in full; the daily
    // quantities are a plain view of the month's days.
    expect(await materializedViewsOf(knex)).toEqual([]);
    expect(await tablesOf(knex)).not.toContain('agg_quantity_daily');
    const { rows: views } = await knex.raw(
      `SELECT table_name FROM information_schema.views
        WHERE table_schema = current_schema() AND table_name = 'agg_quantity_daily'`,
    );
    expect(views).toHaveLength(1);

    const { rows: partitioned } = await knex.raw(
      `SELECT partstrat FROM pg_partitioned_table
        WHERE partrelid = 'fact_consumption'::regclass`,
    );
    expect(partitioned).toEqual([{ partstrat: 'r' }]);

    const quantityType = await knex('information_schema.columns')
      .where({ table_name: 'fact_consumption', column_name: 'quantity' })
      .first('data_type');
    expect(quantityType).toEqual({ data_type: 'numeric' });

    expect(await knex('dim_application').pluck('application_key')).toEqual([
      'unallocated',
    ]);
    expect(await knex('pricing_view').pluck('view_key')).toEqual(['actual']);

    await knex.migrate.rollback(
      { directory: migrationsDir, tableName: migrationsTableName },
      true,
    );
    expect(await tablesOf(knex)).toEqual(
      [migrationsTableName, `${migrationsTableName}_lock`].sort(),
    );
    expect(await materializedViewsOf(knex)).toEqual([]);

    await migrateMart(knex);
    expect(await tablesOf(knex)).toContain('fact_consumption');
    expect(await tablesOf(knex)).toContain('agg_quantity_monthly');
  });

  it('spells the entity scopes of budgets stored before refs were normalised as the catalog does', async () => {
    const knex = await databases.init('POSTGRES_18');
    const config = { directory: migrationsDir, tableName: migrationsTableName };
    await knex.migrate.up(config);
    while ((await knex.migrate.currentVersion(config)) < '20261201020000') {
      await knex.migrate.up(config);
    }
    const { pricing_view_id: viewId } = await knex('pricing_view')
      .where({ view_key: 'actual' })
      .first('pricing_view_id');
    const budget = (scopeType: string, scopeRef: string | null) => ({
      name: `${scopeType} ${scopeRef}`,
      scope_type: scopeType,
      scope_ref: scopeRef,
      period: 'month',
      amount: '100',
      currency: 'USD',
      pricing_view_id: viewId,
      created_by: 'user:default/ada',
    });
    await knex('budget').insert([
      budget('entity', 'Component:Default/Cart-Service'),
      budget('entity', 'System:Storefront'),
      budget('entity', 'group:default/commerce'),
      budget('domain', 'CLOUD'),
    ]);
    await migrateMart(knex);
    expect(
      await knex('budget').orderBy('budget_id').pluck('scope_ref'),
    ).toEqual([
      'component:default/cart-service',
      'system:default/storefront',
      'group:default/commerce',
      'CLOUD',
    ]);
  });

  it('keeps a day inside its month and quantities exact', async () => {
    const knex = await databases.init('POSTGRES_18');
    await migrateMart(knex);
    const { domain, product } = await insertM5Large(knex);
    const [run] = await knex('ingestion_run')
      .insert({ trigger: 'manual', status: 'running' })
      .returning('run_id');
    const { application_id } = await knex('dim_application').first(
      'application_id',
    );
    const row = {
      period_month: '2026-03-01',
      day: '2026-03-31',
      domain_id: domain.domain_id,
      product_id: product.product_id,
      application_id,
      source_key: 'test',
      quantity: '0.1',
      consumption_type: 'DIRECT',
      consumption_metric: 'CPU',
      run_id: run.run_id,
    };
    await knex.raw(`CREATE TABLE fact_consumption_p202603 PARTITION OF fact_consumption
      FOR VALUES FROM ('2026-03-01') TO ('2026-04-01')`);
    await knex('fact_consumption').insert([row, row, row]);
    await expect(
      knex('fact_consumption').insert({ ...row, day: '2026-04-01' }),
    ).rejects.toThrow(/fact_consumption_day_in_month_ck/);
    // A month without its partition is refused, never silently parked elsewhere.
    await expect(
      knex('fact_consumption').insert({
        ...row,
        period_month: '2026-05-01',
        day: '2026-05-02',
      }),
    ).rejects.toThrow(/no partition/);

    await knex.raw('SELECT finops_refresh_quantities(?, ?)', [
      '2026-03-01',
      domain.domain_id,
    ]);
    const monthly = await knex('agg_quantity_monthly').first('quantity');
    expect(monthly.quantity).toBe('0.3');
    const daily = await knex('agg_quantity_daily').first('quantity', 'day');
    expect(daily.quantity).toBe('0.3');
    const estate = await knex('agg_quantity_estate_daily').first('quantity');
    expect(estate.quantity).toBe('0.3');
  });
});
