import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import {
  equalSplitSource,
  ingest,
  startFinops,
} from './__testUtils__/testBackend';

jest.setTimeout(120_000);

/** A user the catalog does not show cart-service to. */
const OUTSIDER = 'user:default/outsider';

const entities = [
  { kind: 'System', name: 'storefront', spec: {} },
  {
    kind: 'Component',
    name: 'cart-service',
    spec: { owner: 'checkout-team', system: 'storefront' },
  },
  { kind: 'Component', name: 'search-api', spec: { owner: 'data' } },
].map(({ kind, name, spec }) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec,
  relations: [],
}));

describe('the answers of GET /costs reused', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });

  it('while nothing changed; a new one after an audited change or a load; every caller checked', async () => {
    const knex = await databases.init('POSTGRES_18');
    const catalog = catalogServiceMock({ entities });
    const getEntityByRef = catalog.getEntityByRef.bind(catalog);
    catalog.getEntityByRef = async (entityRef, options) => {
      const { principal } = (options as { credentials: BackstageCredentials })
        .credentials;
      return (principal as { userEntityRef?: string }).userEntityRef ===
        OUTSIDER
        ? undefined
        : getEntityByRef(
            entityRef,
            options as { credentials: BackstageCredentials },
          );
    };
    const { server } = await startFinops(knex, {
      catalog,
      result: AuthorizeResult.ALLOW,
      finops: {
        alerts: { enabled: false },
        sources: { indirect: [equalSplitSource('1000', 2)] },
      },
    });
    const ingestMarch = async () => {
      expect((await ingest(server, knex)).status).toBe('succeeded');
    };
    // The cost queries the plugin sends (it shares this knex).
    let costQueries = 0;
    let viewQueries = 0;
    knex.on('query', ({ sql }: { sql: string }) => {
      if (/FROM cost_(atom|domain)_monthly/.test(sql)) costQueries += 1;
      if (/from "pricing_view" as "v"/.test(sql)) viewQueries += 1;
    });
    const query = {
      entityRef: 'component:default/cart-service',
      from: '2026-03',
      to: '2026-03',
      view: 'dearer',
    };
    const costsOf = async (
      authorization = mockCredentials.user.header(),
      extra: Record<string, string> = {},
    ) => {
      const before = costQueries;
      const response = await request(server)
        .get('/api/finops/costs')
        .set('authorization', authorization)
        .query({ ...query, ...extra });
      return { response, computed: costQueries > before };
    };

    await ingestMarch();
    await request(server).post('/api/finops/pricing-views').send({
      key: 'dearer',
      name: 'Dearer',
      kind: 'what-if',
      currency: 'USD',
      parent: 'actual',
    });
    const first = await costsOf();
    expect(first.response.status).toBe(200);
    expect(first.response.headers['content-type']).toMatch(
      /^application\/json/,
    );
    expect(first.response.body.total).toBe('500.00');
    expect(first.computed).toBe(true);

    // Nothing changed: the same answer, not computed again, for this caller and another.
    const again = await costsOf();
    expect(again.computed).toBe(false);
    expect(again.response.body).toEqual(first.response.body);
    const other = await costsOf(mockCredentials.user.header('user:default/b'));
    expect(other.computed).toBe(false);
    expect(other.response.body).toEqual(first.response.body);
    // A client that has the answer is told so (304), once it may read it.
    const etag = first.response.headers.etag;
    expect(again.response.headers.etag).toBe(etag);
    const notModified = await request(server)
      .get('/api/finops/costs')
      .set('authorization', mockCredentials.user.header())
      .set('if-none-match', etag)
      .query(query);
    expect(notModified.status).toBe(304);
    const outsiderWithEtag = await request(server)
      .get('/api/finops/costs')
      .set('authorization', mockCredentials.user.header(OUTSIDER))
      .set('if-none-match', etag)
      .query(query);
    expect(outsiderWithEtag.status).toBe(404);
    // Another question is another answer.
    const byProduct = await costsOf(undefined, { groupBy: 'product' });
    expect(byProduct.computed).toBe(true);
    expect(byProduct.response.body.groupBy).toBe('product');

    // Who may read it is decided for every request, answer kept or not.
    const outsider = await costsOf(mockCredentials.user.header(OUTSIDER));
    expect(outsider.response.status).toBe(404);
    expect(outsider.response.body.error.message).toBe(
      'No entity component:default/cart-service in the catalog',
    );
    expect(outsider.response.body.error.stack).toBeUndefined();
    const anonymous = await costsOf(mockCredentials.user.invalidHeader());
    expect(anonymous.response.status).toBe(401);
    expect(outsider.computed || anonymous.computed).toBe(false);

    // An audited change (a rule of the view): a new answer at once.
    await request(server)
      .post('/api/finops/pricing-views/dearer/rules')
      .send([{ domain: 'SHARED', multiplier: '1.1', validFrom: '2026-01' }])
      .expect(201);
    const dearer = await costsOf();
    expect(dearer.computed).toBe(true);
    expect(dearer.response.body.total).toBe('550.00');
    expect((await costsOf()).computed).toBe(false);

    // The view is looked up once per change too; renamed (audited), it shows its new name at once.
    const lookups = viewQueries;
    expect((await costsOf(undefined, { groupBy: 'family' })).computed).toBe(
      true,
    );
    expect(viewQueries).toBe(lookups);
    await request(server)
      .patch('/api/finops/pricing-views/dearer')
      .send({ name: 'Dearer still' })
      .expect(200);
    const renamed = await costsOf();
    expect(renamed.computed).toBe(true);
    expect(renamed.response.body.view.name).toBe('Dearer still');
    expect(renamed.response.body.total).toBe('550.00');

    // A load (another run): a new answer, the same figures.
    await ingestMarch();
    const reloaded = await costsOf();
    expect(reloaded.computed).toBe(true);
    expect(reloaded.response.body).toEqual(renamed.response.body);
  });
});
