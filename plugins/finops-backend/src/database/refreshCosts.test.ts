import { TestDatabases } from '@backstage/backend-test-utils';
import {
  migrationsDir,
  migrationsTableName,
} from '@finops-backstage/finops-migrations';
import { Knex } from 'knex';
import { migrateMart } from './operations/migrateMart';
import { insertM5Large, insertedId } from './__testUtils__/martRows';

jest.setTimeout(60_000);

const config = { directory: migrationsDir, tableName: migrationsTableName };
const BEFORE = '20261210010000';

/** Every cost the refresh keeps, as text, in a stable order. */
async function costs(knex: Knex) {
  const rows = async (sql: string) => (await knex.raw(sql)).rows;
  return {
    cells: await rows(
      `SELECT pricing_view_id, period_month::text, application_id, domain_mode, cost::text,
              cents::text
         FROM cost_application_monthly ORDER BY 1, 2, 3, 4`,
    ),
    atoms: await rows(
      `SELECT pricing_view_id, period_month::text, application_id, product_id,
              quantity::text, unit_price::text, cents::text
         FROM cost_atom_monthly ORDER BY 1, 2, 3, 4`,
    ),
    estate: await rows(
      `SELECT pricing_view_id, period_month::text, product_id, quantity::text,
              unit_price::text, cents::text
         FROM cost_estate_monthly ORDER BY 1, 2, 3`,
    ),
    days: await rows(
      `SELECT pricing_view_id, day::text, cost::text FROM cost_estate_daily ORDER BY 1, 2`,
    ),
  };
}

describe('finops_refresh_costs', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });

  it('gives the same costs through the migration that reads only the refreshed months, up and down', async () => {
    const knex = await databases.init('POSTGRES_18');
    await knex.migrate.up(config);
    while ((await knex.migrate.currentVersion(config)) < BEFORE) {
      await knex.migrate.up(config);
    }
    const id = insertedId(knex);
    const { domain, family, product } = await insertM5Large(knex);
    const small = await id(
      'dim_product',
      {
        product_key: 'aws:ec2:t3.small',
        family_id: family.family_id,
        name: 't3.small',
        unit: 'Hrs',
        provider: 'aws',
        service: 'AmazonEC2',
        valid_from: '2026-01-01',
      },
      'product_id',
    );
    const apps = [];
    for (const key of ['a', 'b', 'c']) {
      apps.push(
        await id(
          'dim_application',
          { application_key: key, name: key },
          'application_id',
        ),
      );
    }
    const [run] = await knex('ingestion_run')
      .insert({ trigger: 'manual', status: 'running' })
      .returning('run_id');
    const months = ['2026-03-01', '2026-04-01'];
    for (const month of months) {
      const suffix = month.slice(0, 7).replace('-', '');
      const end = month === months[0] ? months[1] : '2026-05-01';
      await knex.raw(`CREATE TABLE fact_consumption_p${suffix} PARTITION OF fact_consumption
        FOR VALUES FROM ('${month}') TO ('${end}')`);
    }
    const fact = (
      day: string,
      applicationId: number,
      productId: number,
      quantity: string,
    ) => ({
      period_month: `${day.slice(0, 7)}-01`,
      day,
      domain_id: domain.domain_id,
      product_id: productId,
      application_id: applicationId,
      source_key: 'test',
      quantity,
      consumption_type: 'DIRECT',
      consumption_metric: 'USAGE',
      run_id: run.run_id,
    });
    // Thirds of a cent to give out in each month, over cells and their atoms.
    await knex('fact_consumption').insert([
      fact('2026-03-02', apps[0], product.product_id, '1'),
      fact('2026-03-02', apps[1], product.product_id, '1'),
      fact('2026-03-09', apps[2], small, '7'),
      fact('2026-03-31', apps[2], product.product_id, '1'),
      fact('2026-04-01', apps[0], small, '3'),
      fact('2026-04-15', apps[1], product.product_id, '2'),
      fact('2026-04-30', apps[1], small, '5'),
    ]);
    const actual = (
      await knex('pricing_view').where({ view_key: 'actual' }).first()
    ).pricing_view_id;
    const [{ pricing_view_id: list }] = await knex('pricing_view')
      .insert({
        view_key: 'list',
        name: 'List',
        kind: 'what-if',
        currency: 'USD',
        parent_id: actual,
      })
      .returning('pricing_view_id');
    await knex('pricing_rule').insert([
      {
        pricing_view_id: actual,
        product_id: product.product_id,
        unit_price: '0.003333',
        valid_from: '2026-01-01',
      },
      {
        pricing_view_id: actual,
        product_id: small,
        unit_price: '0.0211',
        valid_from: '2026-01-01',
      },
      {
        pricing_view_id: actual,
        product_id: small,
        unit_price: '0.0107',
        valid_from: '2026-04-01',
      },
      {
        pricing_view_id: list,
        family_id: family.family_id,
        multiplier: '1.37',
        valid_from: '2026-01-01',
      },
    ]);
    const refreshed = async () => {
      for (const month of months) {
        await knex.raw('SELECT finops_refresh_quantities(?, ?)', [
          month,
          domain.domain_id,
        ]);
      }
      await knex.raw('SELECT finops_refresh_prices(NULL, NULL, NULL)');
      return costs(knex);
    };
    const before = await refreshed();
    expect(before.cells.length).toBe(10);
    expect(before.days.length).toBe(12);

    await migrateMart(knex);
    expect(await costs(knex)).toEqual(before);
    await knex.raw('SELECT finops_refresh_costs(NULL, ?)', [[months[1]]]);
    expect(await costs(knex)).toEqual(before);
    expect(await refreshed()).toEqual(before);

    // April changed and refreshed alone: March as it was, April as the first refresh gives it.
    await knex('fact_consumption')
      .where({ day: '2026-04-15' })
      .update({ quantity: '2.5' });
    await knex.raw('SELECT finops_refresh_quantities(?, ?)', [
      months[1],
      domain.domain_id,
    ]);
    await knex.raw('SELECT finops_refresh_costs(NULL, ?)', [[months[1]]]);
    const changed = await costs(knex);
    const inMarch = (rows: Array<{ period_month?: string; day?: string }>) =>
      rows.filter(row => (row.period_month ?? row.day)!.startsWith('2026-03'));
    for (const table of ['cells', 'atoms', 'estate', 'days'] as const) {
      expect(inMarch(changed[table])).toEqual(inMarch(before[table]));
    }
    expect(changed.atoms).not.toEqual(before.atoms);

    while ((await knex.migrate.currentVersion(config)) > BEFORE) {
      await knex.migrate.down(config);
    }
    expect(await costs(knex)).toEqual(changed);
    await knex.raw('SELECT finops_refresh_costs(NULL, ?)', [[months[1]]]);
    expect(await costs(knex)).toEqual(changed);
    await knex.raw('SELECT finops_refresh_costs(NULL, NULL)');
    expect(await costs(knex)).toEqual(changed);
  });
});
