import { TestDatabases } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import {
  catalogEntities,
  COMMERCE_GROUPS,
  equalSplitSource,
  ingest,
  startFinops,
} from './__testUtils__/testBackend';
import { withClock } from './__testUtils__/consistency';

jest.setTimeout(120_000);

const entities = catalogEntities([
  ...COMMERCE_GROUPS,
  { kind: 'System', name: 'storefront' },
  {
    kind: 'Component',
    name: 'cart-service',
    annotations: { 'finops.backstage.io/cost-center': 'cc-42' },
    spec: { owner: 'checkout-team', system: 'storefront' },
  },
  {
    kind: 'Component',
    name: 'search-api',
    annotations: { 'finops.backstage.io/tags': 'app=search, cost-center=cc-7' },
    spec: { owner: 'data' },
  },
]);

describe('the chargeback API', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });

  async function start(result: AuthorizeResult.ALLOW | AuthorizeResult.DENY) {
    const knex = await databases.init('POSTGRES_18');
    const { server } = await startFinops(knex, {
      entities,
      result,
      finops: {
        alerts: { enabled: false },
        sources: { indirect: [equalSplitSource('1000.01', 2)] },
      },
    });
    return { server, knex };
  }

  it('reports, exports and closes a month once, with an audit row', async () => {
    const { server, knex } = await start(AuthorizeResult.ALLOW);
    expect((await ingest(server, knex)).status).toBe('succeeded');

    const report = await request(server)
      .get('/api/finops/chargeback')
      .query({ month: '2026-03' });
    expect(report.status).toBe(200);
    // 1000.01 split over two components: 500.005 each, 1000.01 in all, to the cent.
    expect(report.body).toMatchObject({
      month: '2026-03',
      view: { key: 'actual' },
      currency: 'USD',
      status: 'open',
      total: '1000.01',
      direct: '0.00',
      indirect: '1000.01',
      unallocated: '0.00',
    });
    const owners = Object.fromEntries(
      report.body.byOwner.map((o: any) => [o.key, [o.cost, o.rolledUp]]),
    );
    expect(owners).toEqual({
      'group:default/checkout-team': ['500.01', '500.01'],
      'group:default/data': ['500.00', '500.00'],
      'group:default/commerce': ['0.00', '500.01'],
    });
    expect(
      Object.fromEntries(
        report.body.byCostCenter.map((g: any) => [g.key, g.cost]),
      ),
    ).toEqual({ 'cc-42': '500.01', 'cc-7': '500.00' });

    const entity = await request(server)
      .get('/api/finops/chargeback')
      .query({ month: '2026-03', entityRef: 'component:default/cart-service' });
    expect(entity.body.lines).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/cart-service',
        mode: 'INDIRECT',
        methodKey: 'components',
        quantity: '0.5',
        unitPrice: '1000.01',
        cost: '500.01',
      }),
    ]);

    const csv = await request(server)
      .get('/api/finops/chargeback')
      .query({ month: '2026-03', format: 'csv' });
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text.split('\r\n')[0]).toBe(
      'month,view,owner,cost_center,system,domain,mode,product,product_name,quantity,unit,unit_price,cost,currency',
    );
    expect(csv.text).toContain(
      'group:default/checkout-team,cc-42,system:default/storefront,SHARED,INDIRECT,',
    );

    const close = await request(server)
      .post('/api/finops/chargeback/close')
      .send({ month: '2026-03', note: 'March to finance' });
    expect(close.status).toBe(201);
    expect(close.body).toMatchObject({
      month: '2026-03',
      view: 'actual',
      total: '1000.01',
    });
    const again = await request(server)
      .post('/api/finops/chargeback/close')
      .send({ month: '2026-03' });
    expect(again.status).toBe(409);
    expect(
      await knex('audit_event')
        .where({ event_id: 'chargeback-close' })
        .count({ n: '*' }),
    ).toEqual([{ n: '1' }]);
    const closed = await request(server)
      .get('/api/finops/chargeback')
      .query({ month: '2026-03' });
    expect(closed.body).toMatchObject({
      status: 'closed',
      total: '1000.01',
      closed: {
        note: 'March to finance',
        drift: { total: '0.00', byOwner: [] },
      },
    });
    const list = await request(server).get('/api/finops/chargeback/closes');
    expect(list.body.items).toHaveLength(1);

    const bad = await request(server)
      .get('/api/finops/chargeback')
      .query({ month: '2026-13' });
    expect(bad.status).toBe(400);
  });

  it('refuses to close without the permission', async () => {
    const { server, knex } = await start(AuthorizeResult.DENY);
    const response = await request(server)
      .post('/api/finops/chargeback/close')
      .send({ month: '2026-03' });
    expect(response.status).toBe(403);
    expect(response.body.error.message).toMatch(/finops\.chargeback\.close/);
    expect(await knex('chargeback_close').count({ n: '*' })).toEqual([
      { n: '0' },
    ]);
  });

  describe('on a fixed clock', () => {
    // Mid-month, so that no month boundary passes between the test's month and the router's.
    const NOW = '2026-12-15T12:00:00Z';
    withClock(NOW);

    it('refuses to close the current month or a later one, writing nothing', async () => {
      const { server, knex } = await start(AuthorizeResult.ALLOW);
      const current = NOW.slice(0, 7);
      for (const month of [current, '2099-01']) {
        const response = await request(server)
          .post('/api/finops/chargeback/close')
          .send({ month });
        expect(response.status).toBe(400);
        expect(response.body.error.message).toContain(
          `The ${month} chargeback cannot be closed: only a month that is over can be`,
        );
      }
      expect(await knex('chargeback_close').count({ n: '*' })).toEqual([
        { n: '0' },
      ]);
    });
  });
});
