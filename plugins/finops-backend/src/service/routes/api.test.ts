import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import {
  catalogEntities,
  COMMERCE_GROUPS,
  equalSplitSource,
  ingest,
  startFinops,
} from './__testUtils__/testBackend';

jest.setTimeout(120_000);

const entities = catalogEntities([
  ...COMMERCE_GROUPS,
  { kind: 'System', name: 'storefront', relations: [] },
  {
    kind: 'Component',
    name: 'cart-service',
    spec: { owner: 'checkout-team', system: 'storefront' },
    relations: [],
  },
  {
    kind: 'Component',
    name: 'search-api',
    spec: { owner: 'data' },
    relations: [],
  },
  { kind: 'API', name: 'cart-api', relations: [] },
]);

describe('the cost and pricing API', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });

  async function start(
    result:
      | AuthorizeResult.ALLOW
      | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  ) {
    const knex = await databases.init('POSTGRES_18');
    const { server } = await startFinops(knex, {
      entities,
      result,
      finops: { sources: { indirect: [equalSplitSource('1000', 2)] } },
    });
    return { server, knex };
  }

  it('answers the costs of a component, its system and its owner group (with child groups)', async () => {
    const { server, knex } = await start();
    expect((await ingest(server, knex)).status).toBe('succeeded');
    for (const entityRef of [
      'component:default/cart-service',
      'system:default/storefront',
      'group:default/commerce',
    ]) {
      const response = await request(server)
        .get('/api/finops/costs')
        .query({ entityRef, from: '2026-03', to: '2026-03' });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        entityRef,
        view: { key: 'actual' },
        currency: 'USD',
        total: '500.00', // half of the 1000 shared between the two components
        direct: '0.00',
        indirect: '500.00',
        unpriced: [],
        rows: [
          {
            key: 'SHARED',
            mode: 'INDIRECT',
            period: '2026-03',
            cost: '500.00',
          },
        ],
      });
    }
    const csv = await request(server).get('/api/finops/costs').query({
      entityRef: 'component:default/cart-service',
      from: '2026-03',
      to: '2026-03',
      format: 'csv',
    });
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text).toBe(
      'period,domain,label,mode,cost,currency,quantity,unit\r\n2026-03,SHARED,SHARED,INDIRECT,500.00,USD,,\r\n',
    );
  });

  it('compares with the previous period and with another view', async () => {
    const { server, knex } = await start();
    await ingest(server, knex);
    await request(server).post('/api/finops/pricing-views').send({
      key: 'dearer',
      name: 'Dearer',
      kind: 'what-if',
      currency: 'USD',
      parent: 'actual',
    });
    await request(server)
      .post('/api/finops/pricing-views/dearer/rules')
      .send([{ domain: 'SHARED', multiplier: '1.1', validFrom: '2026-01' }]);
    const response = await request(server).get('/api/finops/costs').query({
      entityRef: 'component:default/cart-service',
      from: '2026-03',
      to: '2026-03',
      view: 'dearer',
      compareView: 'actual',
    });
    expect(response.body.total).toBe('550.00');
    expect(response.body.comparison).toEqual({
      current: { view: 'dearer', from: '2026-03', to: '2026-03' },
      baseline: { view: 'actual', from: '2026-03', to: '2026-03' },
      baselineTotal: '500.00',
      total: '550.00',
      difference: '50.00',
      volumeEffect: '0.00',
      priceEffect: '50.00',
      addedCost: '0.00',
      removedCost: '0.00',
      oneSided: {
        items: [],
        omitted: { count: 0, addedCost: '0.00', removedCost: '0.00' },
      },
      movers: {
        increases: [
          {
            productKey: 'indirect:SHARED/indirect:SHARED',
            name: 'SHARED',
            unit: 'coefficient',
            baselineQuantity: '0.5',
            quantity: '0.5',
            difference: '50.00',
            volumeEffect: '0.00',
            priceEffect: '50.00',
            addedCost: '0.00',
            removedCost: '0.00',
          },
        ],
        decreases: [],
        others: { count: 0, difference: '0.00' },
        unattributed: '0.00',
      },
    });
    const previous = await request(server).get('/api/finops/costs').query({
      entityRef: 'component:default/cart-service',
      from: '2026-03',
      to: '2026-03',
      compareTo: 'previous',
    });
    expect(previous.body.comparison.baseline).toEqual({
      view: 'actual',
      from: '2026-02',
      to: '2026-02',
    });
  });

  it('says what is wrong with a bad cost query', async () => {
    const { server } = await start();
    const cases: Array<[Record<string, string>, RegExp]> = [
      [
        {
          entityRef: 'component:default/cart-service',
          from: '2026-05',
          to: '2026-03',
        },
        /to: must not be before from/,
      ],
      [
        {
          entityRef: 'component:default/cart-service',
          from: '2020-01',
          to: '2026-03',
        },
        /at most 60 \(5 years\)/,
      ],
      [
        {
          entityRef: 'component:default/cart-service',
          from: '2026-1',
          to: '2026-03',
        },
        /from: must be a month/,
      ],
      [
        {
          entityRef: 'component:default/cart-service',
          from: '2026-01',
          to: '2026-03',
          groupBy: 'colour',
        },
        /groupBy/,
      ],
      [
        {
          entityRef: 'component:default/cart-service',
          from: '2026-01',
          to: '2026-03',
          colour: 'red',
        },
        /colour/,
      ],
      [
        { entityRef: 'api:default/cart-api', from: '2026-01', to: '2026-03' },
        /components, systems and groups/,
      ],
    ];
    for (const [query, message] of cases) {
      const response = await request(server)
        .get('/api/finops/costs')
        .query(query);
      expect({
        status: response.status,
        message: response.body.error?.message,
      }).toEqual({ status: 400, message: expect.stringMatching(message) });
    }
    const unknown = await request(server).get('/api/finops/costs').query({
      entityRef: 'component:default/nope',
      from: '2026-01',
      to: '2026-03',
    });
    expect(unknown.status).toBe(404);
    const view = await request(server).get('/api/finops/costs').query({
      entityRef: 'component:default/cart-service',
      from: '2026-01',
      to: '2026-03',
      view: 'nope',
    });
    expect(view.status).toBe(404);
  });

  it('answers 401 on every route but /health without a signed-in caller', async () => {
    const { server } = await start();
    const routes: Array<[string, string]> = [
      [
        'get',
        '/costs?entityRef=component:default/cart-service&from=2026-01&to=2026-03',
      ],
      ['get', '/overview?from=2026-01&to=2026-03'],
      ['get', '/entity-status?entityRef=component:default/cart-service'],
      ['get', '/pricing-views'],
      ['post', '/pricing-views'],
      ['get', '/pricing-views/actual'],
      ['patch', '/pricing-views/actual'],
      ['delete', '/pricing-views/actual'],
      ['post', '/pricing-views/actual/copy'],
      ['post', '/pricing-views/actual/rules'],
      ['delete', '/pricing-views/actual/rules/1'],
      ['get', '/pricing-views/actual/audit'],
      ['get', '/domains'],
      ['patch', '/domains/SHARED'],
      ['get', '/ingestion/runs'],
      ['get', '/ingestion/runs/1'],
      ['post', '/ingestion/runs'],
    ];
    for (const [method, route] of routes) {
      const response = await (request(server) as any)
        [method](`/api/finops${route}`)
        .set('authorization', mockCredentials.none.header())
        .send({});
      expect({ method, route, status: response.status }).toEqual({
        method,
        route,
        status: 401,
      });
    }
    expect(
      (
        await request(server)
          .get('/api/finops/health')
          .set('authorization', mockCredentials.none.header())
      ).status,
    ).toBe(200);
  });

  it('says what is wrong with a bad overview, pricing view or rule request', async () => {
    const { server } = await start();
    const cases: Array<[string, string, object, RegExp]> = [
      [
        'get',
        '/overview?from=2026-05&to=2026-01',
        {},
        /to: must not be before from/,
      ],
      ['get', '/overview?from=2026-01&to=2026-03&colour=red', {}, /colour/],
      ['get', '/pricing-views?limit=0', {}, /limit/],
      ['get', '/pricing-views/actual?limit=1001', {}, /limit/],
      ['get', '/pricing-views/Not_A_Key', {}, /view key/],
      [
        'post',
        '/pricing-views',
        { key: 'x', name: 'x', kind: 'actual', currency: 'USD' },
        /kind/,
      ],
      [
        'post',
        '/pricing-views',
        { key: 'x', name: 'x', kind: 'list', currency: 'usd' },
        /currency/,
      ],
      ['patch', '/pricing-views/actual', {}, /nothing to change/],
      ['post', '/pricing-views/actual/copy', { key: 'x' }, /name/],
      ['post', '/pricing-views/actual/rules', [], /body/],
      ['delete', '/pricing-views/actual/rules/abc', {}, /rule id/],
      ['patch', '/domains/SHARED', {}, /nothing to change/],
      ['post', '/ingestion/runs', { months: ['2026-13'] }, /months.0/],
    ];
    for (const [method, route, body, message] of cases) {
      const response = await (request(server) as any)
        [method](`/api/finops${route}`)
        .send(body);
      expect({
        route,
        status: response.status,
        message: response.body.error?.message,
      }).toEqual({
        route,
        status: 400,
        message: expect.stringMatching(message),
      });
    }
  });

  it('creates, copies, edits and deletes pricing views with an audit trail', async () => {
    const { server, knex } = await start();
    await ingest(server, knex); // creates the SHARED domain
    const created = await request(server)
      .post('/api/finops/pricing-views')
      .set('authorization', mockCredentials.user.header('user:default/ada'))
      .send({
        key: 'list-2027',
        name: 'List 2027',
        kind: 'list',
        currency: 'USD',
        parent: 'actual',
      });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      key: 'list-2027',
      parent: 'actual',
      kind: 'list',
    });

    const csv = await request(server)
      .post('/api/finops/pricing-views/list-2027/rules')
      .set('content-type', 'text/csv')
      .send(
        'domain,multiplier,validFrom\nSHARED,0.9,2026-01\nNOWHERE,1,2026-01\nSHARED,,2026-01\n',
      );
    // All or nothing (issue 20): one rejected row keeps the others out.
    expect(csv.status).toBe(422);
    expect(csv.body).toEqual({
      added: 0,
      rejected: [
        { index: 1, reason: "unknown domain 'NOWHERE'" },
        { index: 2, reason: 'give exactly one of unitPrice or multiplier' },
      ],
    });
    const fixed = await request(server)
      .post('/api/finops/pricing-views/list-2027/rules')
      .set('content-type', 'text/csv')
      .send('domain,multiplier,validFrom\nSHARED,0.9,2026-01\n');
    expect(fixed.status).toBe(201);
    expect(fixed.body).toEqual({ added: 1, rejected: [] });

    expect(
      (
        await request(server)
          .post('/api/finops/pricing-views/list-2027/copy')
          .send({ key: 'copy', name: 'Copy' })
      ).status,
    ).toBe(201);
    const copy = await request(server).get('/api/finops/pricing-views/copy');
    expect(copy.body.rules).toEqual([
      expect.objectContaining({
        domain: 'SHARED',
        multiplier: '0.9',
        validFrom: '2026-01',
      }),
    ]);

    expect(
      (
        await request(server)
          .patch('/api/finops/pricing-views/copy')
          .send({ name: 'Renamed' })
      ).body.name,
    ).toBe('Renamed');
    expect(
      (
        await request(server)
          .patch('/api/finops/pricing-views/copy')
          .send({ parent: 'copy' })
      ).status,
    ).toBe(400);
    expect(
      (await request(server).delete('/api/finops/pricing-views/list-2027'))
        .status,
    ).toBe(204);
    expect(
      (await request(server).get('/api/finops/pricing-views/list-2027')).status,
    ).toBe(404);
    expect(
      (await request(server).delete('/api/finops/pricing-views/actual')).status,
    ).toBe(409);
    expect(
      (
        await request(server)
          .post('/api/finops/pricing-views')
          .send({ key: 'copy', name: 'x', kind: 'list', currency: 'USD' })
      ).status,
    ).toBe(409);

    const audit = await request(server).get(
      '/api/finops/pricing-views/list-2027/audit',
    );
    expect(audit.status).toBe(404); // deleted views are gone from the API; their audit rows stay
    const trail = await request(server).get(
      '/api/finops/pricing-views/copy/audit',
    );
    expect(
      trail.body.items.map((item: { eventId: string }) => item.eventId),
    ).toEqual(['pricing-view-update', 'pricing-view-copy']);
    expect(trail.body.items[0]).toMatchObject({
      before: { name: 'Copy' },
      after: { name: 'Renamed' },
    });
  });

  it('refuses every write without its permission, and says which', async () => {
    const { server, knex } = await start(AuthorizeResult.DENY);
    const writes: Array<[string, string, object, string]> = [
      [
        'post',
        '/pricing-views',
        { key: 'x', name: 'x', kind: 'list', currency: 'USD' },
        'finops.pricingView.create',
      ],
      [
        'post',
        '/pricing-views/actual/copy',
        { key: 'y', name: 'y' },
        'finops.pricingView.create',
      ],
      [
        'patch',
        '/pricing-views/actual',
        { name: 'z' },
        'finops.pricingView.update',
      ],
      ['delete', '/pricing-views/actual', {}, 'finops.pricingView.delete'],
      [
        'post',
        '/pricing-views/actual/rules',
        [{ domain: 'X', multiplier: '1', validFrom: '2026-01' }],
        'finops.pricingView.update',
      ],
      [
        'patch',
        '/domains/SHARED',
        { indirectLabel: 'x' },
        'finops.domain.update',
      ],
      ['post', '/ingestion/runs', {}, 'finops.run.trigger'],
    ];
    for (const [method, path, body, permission] of writes) {
      const response = await (request(server) as any)
        [method](`/api/finops${path}`)
        .send(body);
      expect({
        path,
        status: response.status,
        message: response.body.error?.message,
      }).toEqual({
        path,
        status: 403,
        message: `Not allowed: ${permission} is required`,
      });
    }
    expect(await knex('audit_event').count({ n: '*' })).toEqual([{ n: '0' }]);
  });

  it('lists and updates domains, and shows a run with its rejected rows', async () => {
    const { server, knex } = await start();
    const run = await ingest(server, knex);
    expect(
      (await request(server).get('/api/finops/domains')).body.items,
    ).toEqual([
      {
        key: 'SHARED',
        name: 'SHARED',
        mode: 'INDIRECT',
        indirectMethodKey: 'components',
        indirectLabel: 'Equal split',
      },
    ]);
    const updated = await request(server)
      .patch('/api/finops/domains/SHARED')
      .send({ indirectLabel: 'By components' });
    expect(updated.body.indirectLabel).toBe('By components');
    expect(
      (
        await request(server)
          .patch('/api/finops/domains/NOPE')
          .send({ indirectLabel: 'x' })
      ).status,
    ).toBe(404);
    expect(
      (
        await request(server)
          .patch('/api/finops/domains/SHARED')
          .send({ mode: 'SOMETIMES' })
      ).status,
    ).toBe(400);

    const detail = await request(server).get(
      `/api/finops/ingestion/runs/${run.run_id}`,
    );
    expect(detail.body).toMatchObject({
      status: 'succeeded',
      ledger: [
        {
          sourceKey: 'indirect:SHARED',
          domainKey: 'SHARED',
          month: '2026-03',
          status: 'succeeded',
          rowsLoaded: 2,
        },
      ],
      rejected: [],
    });
    expect(
      (await request(server).get('/api/finops/ingestion/runs/999')).status,
    ).toBe(404);
    expect(
      (await request(server).get('/api/finops/ingestion/runs/1?limit=5000'))
        .status,
    ).toBe(400);
  });
});
