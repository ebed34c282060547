import { TestDatabases } from '@backstage/backend-test-utils';
import request from 'supertest';
import { startFinops } from './__testUtils__/testBackend';

jest.setTimeout(120_000);

describe('the overview API', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });

  it('lists the values its filters accept and answers 400 for any other', async () => {
    const knex = await databases.init('POSTGRES_18');
    const { server } = await startFinops(knex, {
      entities: [],
      finops: { alerts: { enabled: false } },
    });
    // The plugin has migrated the mart: a few dimensions to filter by.
    const [{ domain_id: domain }] = await knex('dim_domain')
      .insert({ domain_key: 'CLOUD', name: 'Cloud' })
      .returning('domain_id');
    const [{ family_id: family }] = await knex('dim_family')
      .insert({ family_key: 'compute', name: 'Compute', domain_id: domain })
      .returning('family_id');
    for (const provider of ['aws', 'oci']) {
      await knex('dim_product').insert({
        product_key: `${provider}-vm`,
        family_id: family,
        name: 'VM',
        unit: 'Hrs',
        provider,
        service: 'VM',
        valid_from: '2020-01-01',
      });
    }
    await knex('dim_account').insert({
      provider: 'aws',
      account_key: '111122223333',
      name: 'acme-prod',
    });

    const overview = await request(server)
      .get('/api/finops/overview')
      .query({ from: '2026-03', to: '2026-03', cloud: 'oci' });
    expect(overview.status).toBe(200);
    expect(overview.body.total).toBe('0.00');
    expect(overview.body.filterValues).toEqual({
      cloud: [
        { key: 'aws', label: 'AWS' },
        { key: 'oci', label: 'Oracle Cloud (OCI)' },
      ],
      account: [
        { key: '111122223333', label: 'acme-prod' },
        { key: 'none', label: 'No account' },
      ],
      category: [{ key: 'compute', label: 'Compute' }],
    });

    // A cut period: its previous one is cut on the same day; `through` must be in the `to` month.
    const cut = await request(server)
      .get('/api/finops/overview')
      .query({ from: '2026-01', to: '2026-03', through: '2026-03-14' });
    expect(cut.status).toBe(200);
    expect(cut.body).toMatchObject({
      through: '2026-03-14',
      previous: { from: '2025-10', to: '2025-12', through: '2025-12-14' },
    });
    const outside = await request(server)
      .get('/api/finops/overview')
      .query({ from: '2026-03', to: '2026-03', through: '2026-04-01' });
    expect(outside.status).toBe(400);
    expect(outside.body.error.message).toContain(
      'must be a day of the to month (2026-03)',
    );

    for (const [filter, value, valid] of [
      ['cloud', 'Microsoft', 'aws, oci'],
      ['account', 'acme', '111122223333, none'],
      ['category', 'Compute', 'compute'],
    ]) {
      const unknown = await request(server)
        .get('/api/finops/overview')
        .query({ from: '2026-03', to: '2026-03', [filter]: value });
      expect(unknown.status).toBe(400);
      expect(unknown.body.error).toMatchObject({
        name: 'InputError',
        message: `query: unknown ${filter} '${value}'; valid values: ${valid}`,
      });
    }
  });
});
