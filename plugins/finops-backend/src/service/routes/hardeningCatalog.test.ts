import { TestDatabases } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import {
  equalSplitSource,
  startFinops,
  waitForRun,
} from './__testUtils__/testBackend';

// The old batch retried an empty catalog 24 × 5 s per run and again per indirect month: minutes.
jest.setTimeout(45_000);

const WHY = 'catalog empty: every cost is unallocated';

describe('hardening: an empty catalog (issue 17, 11)', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });
  const saved = process.env.FINOPS_NOW;

  afterAll(() => {
    if (saved === undefined) delete process.env.FINOPS_NOW;
    else process.env.FINOPS_NOW = saved;
  });

  it('loads at once, unallocated, reads the catalog once per run and says why', async () => {
    process.env.FINOPS_NOW = '2026-03-20T12:00:00Z';
    const knex = await databases.init('POSTGRES_18');
    // The catalog of app-config.production.yaml: no locations, no components.
    const catalog = catalogServiceMock({ entities: [] });
    const getEntities = jest.spyOn(catalog, 'getEntities');
    const { server } = await startFinops(knex, {
      catalog,
      result: AuthorizeResult.ALLOW,
      finops: {
        alerts: { enabled: false },
        sources: {
          demo: { enabled: true, months: 3 },
          indirect: [equalSplitSource('1000', 3)],
        },
      },
    });
    const componentReads = () =>
      getEntities.mock.calls.filter(
        ([query]) =>
          (query?.filter as Record<string, string> | undefined)?.kind ===
          'Component',
      ).length;

    const runs = [];
    for (let i = 0; i < 2; i += 1) {
      const started = await request(server)
        .post('/api/finops/ingestion/runs')
        .send({})
        .expect(202);
      const run = await waitForRun(knex, started.body.runId, {
        attempts: 400,
        intervalMs: 100,
      });
      runs.push(run);
      expect(componentReads()).toBe(i + 1);
    }
    expect(runs.map(run => run.status)).toEqual(['succeeded', 'succeeded']);

    // The demo's costs are all loaded, every one of them unallocated.
    const facts = await knex('fact_consumption as f')
      .join('dim_application as a', 'a.application_id', 'f.application_id')
      .groupBy('a.application_key', 'f.source_key')
      .orderBy('f.source_key')
      .select(
        'a.application_key',
        'f.source_key',
        knex.raw(`count(DISTINCT f.period_month)::int AS months`),
      );
    expect(facts).toEqual([
      { application_key: 'unallocated', source_key: 'demo', months: 3 },
    ]);

    // The run says why, on each of its loads, and keeps the months open for a catalog to come.
    const detail = await request(server)
      .get(`/api/finops/ingestion/runs/${runs[1].run_id}`)
      .expect(200);
    const ledger: Array<{
      sourceKey: string;
      month: string;
      status: string;
      isFinal: boolean;
      detail: string;
    }> = detail.body.ledger;
    expect(
      [
        ...new Set(ledger.map(load => `${load.sourceKey} ${load.month}`)),
      ].sort(),
    ).toEqual([
      'demo 2026-01',
      'demo 2026-02',
      'demo 2026-03',
      'indirect:SHARED 2026-01',
      'indirect:SHARED 2026-02',
      'indirect:SHARED 2026-03',
    ]);
    for (const load of ledger) {
      expect(load).toMatchObject({
        status: 'succeeded',
        isFinal: false,
        detail: expect.stringContaining(WHY),
      });
    }
    // No component to spread the indirect amount over: nothing of it is loaded, and it says so.
    expect(
      ledger
        .filter(load => load.sourceKey === 'indirect:SHARED')
        .map(load => load.detail),
    ).toEqual(
      Array(3).fill(
        expect.stringMatching(
          /^the source returned no loadable rows .*catalog empty/,
        ),
      ),
    );
  });
});
