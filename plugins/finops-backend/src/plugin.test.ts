import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { migrationsDir } from '@finops-backstage/finops-migrations';
import fs from 'node:fs';
import request from 'supertest';
import { finopsPlugin } from './plugin';
import { insertM5Large } from './database/__testUtils__/martRows';

/** The newest migration, by its file name. */
const LATEST_MIGRATION = fs
  .readdirSync(migrationsDir)
  .filter(file => file.endsWith('.js'))
  .sort()
  .at(-1)!
  .replace(/\.js$/, '');

jest.setTimeout(60_000);

describe('finopsPlugin', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });

  async function startBackend() {
    const knex = await databases.init('POSTGRES_18');
    const { server } = await startTestBackend({
      features: [
        finopsPlugin,
        mockServices.database.factory({ knex }),
        catalogServiceMock.factory({ entities: [] }),
      ],
    });
    return { server, knex };
  }

  it('migrates the mart at start-up and answers /health without credentials', async () => {
    const { server } = await startBackend();
    const response = await request(server)
      .get('/api/finops/health')
      .set('authorization', '');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      status: 'ok',
      schemaVersion: LATEST_MIGRATION,
      sources: [],
      hasData: false,
    });
  });

  it('reports an entity without data, and one with data', async () => {
    const { server, knex } = await startBackend();
    const empty = await request(server).get(
      '/api/finops/entity-status?entityRef=component:default/cart-service',
    );
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({
      entityRef: 'component:default/cart-service',
      monthsWithData: 0,
    });

    const [app] = await knex('dim_application')
      .insert({
        application_key: 'component:default/cart-service',
        entity_ref: 'component:default/cart-service',
        owner_ref: 'group:default/checkout-team',
        name: 'cart-service',
      })
      .returning('application_id');
    const { domain, product } = await insertM5Large(knex);
    const [run] = await knex('ingestion_run')
      .insert({ trigger: 'manual', status: 'succeeded' })
      .returning('run_id');
    for (const month of ['202601', '202603']) {
      await knex.raw(
        `CREATE TABLE fact_consumption_p${month} PARTITION OF fact_consumption
           FOR VALUES FROM ('${month.slice(0, 4)}-${month.slice(4)}-01')
           TO ('${month.slice(0, 4)}-${month.slice(
          4,
        )}-01'::date + interval '1 month')`,
      );
    }
    for (const day of ['2026-01-15', '2026-03-02']) {
      await knex('fact_consumption').insert({
        period_month: `${day.slice(0, 7)}-01`,
        day,
        domain_id: domain.domain_id,
        product_id: product.product_id,
        application_id: app.application_id,
        source_key: 'test',
        quantity: '24',
        consumption_type: 'DIRECT',
        consumption_metric: 'CPU',
        run_id: run.run_id,
      });
    }
    await knex.raw(
      `SELECT finops_refresh_quantities(m.period_month, m.domain_id)
         FROM (SELECT DISTINCT period_month, domain_id FROM fact_consumption) m`,
    );

    const full = await request(server).get(
      '/api/finops/entity-status?entityRef=Component:default/cart-service',
    );
    expect(full.body).toEqual({
      entityRef: 'component:default/cart-service',
      monthsWithData: 2,
      firstMonth: '2026-01',
      lastMonth: '2026-03',
    });
    // A group sees what it owns.
    const owner = await request(server).get(
      '/api/finops/entity-status?entityRef=group:default/checkout-team',
    );
    expect(owner.body.monthsWithData).toBe(2);
  });

  it('rejects a malformed entity reference with a 400 that says why', async () => {
    const { server } = await startBackend();
    const response = await request(server).get(
      '/api/finops/entity-status?entityRef=cart-service',
    );
    expect(response.status).toBe(400);
    expect(response.body.error.name).toBe('InputError');
    expect(response.body.error.message).toMatch(
      /entityRef: must be a full entity reference/,
    );

    const unknown = await request(server).get(
      '/api/finops/entity-status?entityRef=component:default/a&extra=1',
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/extra/);
  });
});
