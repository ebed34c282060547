import { TestDatabases } from '@backstage/backend-test-utils';
import {
  migrationsDir,
  migrationsTableName,
} from '@finops-backstage/finops-migrations';
import { Knex } from 'knex';
import { migrateMart } from './operations/migrateMart';
import { insertedId, insertM5Large } from './__testUtils__/martRows';

jest.setTimeout(60_000);

/** A summary row as text: its month, day (daily ones), keys and quantity. */
type SummaryRow = Record<string, string | number> & {
  period_month: string;
  day?: string;
  quantity: string;
};
type Summaries = Record<'monthly' | 'daily' | 'estate', SummaryRow[]>;

/** The three quantity summaries as a full recomputation from the facts gives them. */
async function recomputed(knex: Knex): Promise<Summaries> {
  const monthly = await knex.raw(
    `SELECT period_month::text, domain_id, product_id, application_id,
            coalesce(account_id, 0) AS account_id, sum(quantity)::text AS quantity,
            count(*)::int AS row_count
       FROM fact_consumption GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`,
  );
  const daily = await knex.raw(
    `SELECT day::text, period_month::text, domain_id, product_id, application_id,
            coalesce(account_id, 0) AS account_id, sum(quantity)::text AS quantity
       FROM fact_consumption GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`,
  );
  const estate = await knex.raw(
    `SELECT day::text, period_month::text, domain_id, product_id,
            coalesce(account_id, 0) AS account_id, sum(quantity)::text AS quantity
       FROM fact_consumption GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`,
  );
  return { monthly: monthly.rows, daily: daily.rows, estate: estate.rows };
}

/** The three quantity summaries as the tables hold them. */
async function held(knex: Knex): Promise<Summaries> {
  const monthly = await knex.raw(
    `SELECT period_month::text, domain_id, product_id, application_id, account_id,
            quantity::text, row_count::int
       FROM agg_quantity_monthly ORDER BY 1, 2, 3, 4, 5`,
  );
  const daily = await knex.raw(
    `SELECT day::text, period_month::text, domain_id, product_id, application_id, account_id,
            quantity::text
       FROM agg_quantity_daily ORDER BY 1, 2, 3, 4, 5, 6`,
  );
  const estate = await knex.raw(
    `SELECT day::text, period_month::text, domain_id, product_id, account_id, quantity::text
       FROM agg_quantity_estate_daily ORDER BY 1, 2, 3, 4, 5`,
  );
  return { monthly: monthly.rows, daily: daily.rows, estate: estate.rows };
}

/** Applications `a` and `b`, and a run for the facts to name. */
async function applicationsAndRun(knex: Knex) {
  const id = insertedId(knex);
  const apps = [
    await id(
      'dim_application',
      { application_key: 'a', name: 'A' },
      'application_id',
    ),
    await id(
      'dim_application',
      { application_key: 'b', name: 'B' },
      'application_id',
    ),
  ];
  const [run] = await knex('ingestion_run')
    .insert({ trigger: 'manual', status: 'running' })
    .returning('run_id');
  return { apps, run };
}

describe('finops_refresh_quantities', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });

  it('keeps the summaries equal to a recomputation from the facts, written and changed in place', async () => {
    const knex = await databases.init('POSTGRES_18');
    await migrateMart(knex);
    const id = insertedId(knex);
    const { domain, family, product } = await insertM5Large(knex);
    const other = await id(
      'dim_product',
      {
        product_key: 'aws:ec2:m5.xlarge',
        family_id: family.family_id,
        name: 'm5.xlarge',
        unit: 'Hrs',
        provider: 'aws',
        service: 'AmazonEC2',
        valid_from: '2026-01-01',
      },
      'product_id',
    );
    const account = await id(
      'dim_account',
      { provider: 'aws', account_key: '111', name: 'prod' },
      'account_id',
    );
    const { apps, run } = await applicationsAndRun(knex);
    for (const month of ['2026-03', '2026-04']) {
      await knex.raw(`CREATE TABLE fact_consumption_p${month.replace('-', '')}
        PARTITION OF fact_consumption
        FOR VALUES FROM ('${month}-01') TO ('${
        month === '2026-03' ? '2026-04' : '2026-05'
      }-01')`);
    }
    const fact = (
      day: string,
      productId: number,
      applicationId: number,
      accountId: number | null,
      quantity: string,
    ) => ({
      period_month: `${day.slice(0, 7)}-01`,
      day,
      domain_id: domain.domain_id,
      product_id: productId,
      application_id: applicationId,
      account_id: accountId,
      source_key: 'test',
      quantity,
      consumption_type: 'DIRECT',
      consumption_metric: 'USAGE',
      run_id: run.run_id,
    });
    const product_id = product.product_id;
    await knex('fact_consumption').insert([
      // Several rows of one group, groups of both products, with and without an account.
      fact('2026-03-01', product_id, apps[0], account, '1.5'),
      fact('2026-03-01', product_id, apps[0], account, '2.25'),
      fact('2026-03-01', product_id, apps[1], null, '4'),
      fact('2026-03-02', other, apps[0], account, '0.1'),
      fact('2026-03-02', other, apps[1], account, '7.000'),
      fact('2026-03-31', product_id, apps[1], null, '-3'),
      // Another month, which a refresh of March must leave as it is.
      fact('2026-04-01', product_id, apps[0], account, '9'),
    ]);
    const refresh = (month: string) =>
      knex.raw('SELECT finops_refresh_quantities(?, ?)', [
        month,
        domain.domain_id,
      ]);
    await refresh('2026-03-01');
    await refresh('2026-04-01');
    expect(await held(knex)).toEqual(await recomputed(knex));
    expect((await held(knex)).daily).toHaveLength(6);
    // The planner settings the refresh changes end with it, even in the caller's transaction.
    const settings = await knex.transaction(async trx => {
      await trx.raw('SELECT finops_refresh_quantities(?, ?)', [
        '2026-03-01',
        domain.domain_id,
      ]);
      const { rows } = await trx.raw(
        `SELECT current_setting('enable_hashagg') AS hashagg,
                current_setting('enable_nestloop') AS nestloop`,
      );
      return rows[0];
    });
    expect(settings).toEqual({ hashagg: 'on', nestloop: 'on' });

    // A month delivered again: a group gone, a quantity changed, one equal in value but of
    // another scale, a new group; April untouched by March's refresh.
    await knex('fact_consumption')
      .where({ period_month: '2026-03-01', day: '2026-03-31' })
      .delete();
    await knex('fact_consumption')
      .where({ period_month: '2026-03-01', quantity: '2.25' })
      .update({ quantity: '2.5' });
    await knex('fact_consumption')
      .where({ period_month: '2026-03-01', quantity: '0.1' })
      .update({ quantity: '0.10' });
    await knex('fact_consumption').insert([
      fact('2026-03-15', other, apps[1], null, '12'),
      fact('2026-03-01', product_id, apps[1], null, '1'),
    ]);
    await knex('fact_consumption')
      .where({ period_month: '2026-04-01' })
      .update({ quantity: '10' });
    await refresh('2026-03-01');
    const after = await held(knex);
    const expected = await recomputed(knex);
    expect(after.monthly.filter(r => r.period_month === '2026-03-01')).toEqual(
      expected.monthly.filter(r => r.period_month === '2026-03-01'),
    );
    expect(after.daily.filter(r => r.period_month === '2026-03-01')).toEqual(
      expected.daily.filter(r => r.period_month === '2026-03-01'),
    );
    expect(after.estate.filter(r => r.period_month === '2026-03-01')).toEqual(
      expected.estate.filter(r => r.period_month === '2026-03-01'),
    );
    // The scale written again, the group of 31 March gone, the new day there.
    expect(after.daily.map(r => r.quantity)).toContain('0.10');
    expect(after.daily.map(r => r.day)).not.toContain('2026-03-31');
    expect(after.daily.map(r => r.day)).toContain('2026-03-15');
    // April still holds what its own refresh wrote.
    expect(after.daily.filter(r => r.period_month === '2026-04-01')).toEqual([
      expect.objectContaining({ day: '2026-04-01', quantity: '9' }),
    ]);

    await refresh('2026-04-01');
    expect(await held(knex)).toEqual(await recomputed(knex));

    // A month whose facts are all gone leaves no summary rows.
    await knex('fact_consumption')
      .where({ period_month: '2026-04-01' })
      .delete();
    await refresh('2026-04-01');
    expect(await held(knex)).toEqual(await recomputed(knex));
    expect((await held(knex)).monthly.map(r => r.period_month)).not.toContain(
      '2026-04-01',
    );
  });

  it("keeps the daily quantities through the migration that holds a month's days in one row, up and down", async () => {
    const knex = await databases.init('POSTGRES_18');
    const config = { directory: migrationsDir, tableName: migrationsTableName };
    await knex.migrate.up(config);
    while ((await knex.migrate.currentVersion(config)) < '20261209010000') {
      await knex.migrate.up(config);
    }
    const { domain, product } = await insertM5Large(knex);
    const { apps, run } = await applicationsAndRun(knex);
    await knex.raw(`CREATE TABLE fact_consumption_p202603 PARTITION OF fact_consumption
      FOR VALUES FROM ('2026-03-01') TO ('2026-04-01')`);
    const fact = (day: string, applicationId: number, quantity: string) => ({
      period_month: '2026-03-01',
      day,
      domain_id: domain.domain_id,
      product_id: product.product_id,
      application_id: applicationId,
      source_key: 'test',
      quantity,
      consumption_type: 'DIRECT',
      consumption_metric: 'USAGE',
      run_id: run.run_id,
    });
    // Days out of order, a gap, the last day of the month, a scale to keep (0.10).
    await knex('fact_consumption').insert([
      fact('2026-03-31', apps[0], '2'),
      fact('2026-03-01', apps[0], '0.10'),
      fact('2026-03-01', apps[0], '1.5'),
      fact('2026-03-15', apps[1], '-3'),
    ]);
    await knex.raw('SELECT finops_refresh_quantities(?, ?)', [
      '2026-03-01',
      domain.domain_id,
    ]);
    const before = await held(knex);
    expect(before.daily.map(r => [r.day, r.quantity])).toEqual([
      ['2026-03-01', '1.60'],
      ['2026-03-15', '-3'],
      ['2026-03-31', '2'],
    ]);

    await migrateMart(knex);
    expect(await held(knex)).toEqual(before);
    const { rows: series } = await knex.raw(
      `SELECT days::text, quantities::text FROM agg_quantity_days ORDER BY application_id`,
    );
    expect(series).toEqual([
      { days: '{1,31}', quantities: '{1.60,2}' },
      { days: '{15}', quantities: '{-3}' },
    ]);

    await knex.migrate.down(config);
    expect(await knex.migrate.currentVersion(config)).toBe('20261209010000');
    expect(await held(knex)).toEqual(before);
    // The refresh of before the migration again, on the table.
    await knex('fact_consumption').where({ day: '2026-03-15' }).delete();
    await knex.raw('SELECT finops_refresh_quantities(?, ?)', [
      '2026-03-01',
      domain.domain_id,
    ]);
    expect(await held(knex)).toEqual(await recomputed(knex));
  });
});
