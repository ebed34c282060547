import { TestDatabases } from '@backstage/backend-test-utils';
import request from 'supertest';
import { startFinops } from './__testUtils__/testBackend';

jest.setTimeout(120_000);

describe('the tag compliance API', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });

  it('answers a report with the configured mandatory tags, and 400 on a bad query', async () => {
    const knex = await databases.init('POSTGRES_18');
    const { server } = await startFinops(knex, {
      entities: [],
      finops: {
        alerts: { enabled: false },
        tagCompliance: { mandatoryTags: ['Owner', 'CostCenter'] },
      },
    });

    const report = await request(server)
      .get('/api/finops/tag-compliance')
      .query({ month: '2026-03', trendMonths: 2 });
    expect(report.status).toBe(200);
    expect(report.body).toEqual({
      month: '2026-03',
      view: { key: 'actual', name: expect.any(String) },
      currency: 'USD',
      mandatoryTags: ['Owner', 'CostCenter'],
      total: '0.00',
      compliantCost: '0.00',
      compliantPercent: null,
      unallocatedCost: '0.00',
      unallocatedPercent: null,
      withoutResourceCost: '0.00',
      setApart: [],
      netCost: '0.00',
      tags: [
        { tag: 'Owner', taggedCost: '0.00', percent: null },
        { tag: 'CostCenter', taggedCost: '0.00', percent: null },
      ],
      by: { cloud: [], account: [], service: [], region: [] },
      resources: [],
      resourceCount: 0,
      trend: [
        expect.objectContaining({ month: '2026-02', total: '0.00' }),
        expect.objectContaining({ month: '2026-03', total: '0.00' }),
      ],
      unpriced: [],
    });

    for (const query of [
      { month: '2026-13' },
      { month: '2026-03', limit: 0 },
      { month: '2026-03', trendMonths: 25 },
      { month: '2026-03', color: 'red' },
    ]) {
      const bad = await request(server)
        .get('/api/finops/tag-compliance')
        .query(query);
      expect(bad.status).toBe(400);
    }
    const unknownView = await request(server)
      .get('/api/finops/tag-compliance')
      .query({ month: '2026-03', view: 'nope' });
    expect(unknownView.status).toBe(404);
  });
});
