import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { parse } from 'csv-parse/sync';
import path from 'node:path';
import request from 'supertest';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports -- the backend plugin itself, a devDependency
import { finopsPlugin } from '../../finops-backend/src/plugin';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports -- the backend's own test helpers, a devDependency
import {
  apiGetter,
  cents,
  sumCents as sum,
  withClock,
} from '../../finops-backend/src/service/routes/__testUtils__/consistency';
import { finopsModuleFocus } from './module';
import { FIXTURES } from './testing/fileTotals';

jest.setTimeout(300_000);

/**
 * One number, one truth on real FOCUS files: credits, block-priced units, NULL strings and a
 * provider without contracted prices (the messy OCI file). Every figure of the routes adds up to
 * its total to the cent, for each entity × period × view, and the managed views lose nothing.
 */
const NOW = '2024-04-10T12:00:00Z';
const MONTHS = ['2024-02', '2024-03'];

function entity(
  kind: string,
  name: string,
  spec: NonNullable<Entity['spec']>,
  children: string[] = [],
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default' },
    spec,
    relations: children.map(child => ({
      type: 'parentOf',
      targetRef: `group:default/${child}`,
    })),
  };
}

const ENTITIES = [
  entity('Component', 'cart-service', {
    owner: 'checkout-team',
    system: 'storefront',
  }),
  entity('Component', 'ledger-service', {
    owner: 'payments-team',
    system: 'payments',
  }),
  entity('System', 'storefront', { owner: 'checkout-team' }),
  entity('System', 'payments', { owner: 'payments-team' }),
  entity(
    'Group',
    'commerce',
    { children: ['checkout-team', 'payments-team'] },
    ['checkout-team', 'payments-team'],
  ),
  entity('Group', 'checkout-team', { parent: 'commerce' }),
  entity('Group', 'payments-team', { parent: 'commerce' }),
];

describe('one number, one truth (FOCUS files)', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });
  let server: any;
  const get = apiGetter(() => server);
  withClock(NOW);

  beforeAll(async () => {
    const knex = await databases.init('POSTGRES_18');
    ({ server } = await startTestBackend({
      features: [
        finopsPlugin,
        finopsModuleFocus,
        mockServices.database.factory({ knex }),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        catalogServiceMock.factory({ entities: ENTITIES }),
        mockServices.rootConfig.factory({
          data: {
            finops: {
              alerts: { enabled: false },
              ingestion: {
                // The messy file rejects 3 of its 13 March rows on purpose.
                rejectThreshold: 0.5,
                schedule: {
                  frequency: { hours: 24 },
                  timeout: { minutes: 5 },
                  initialDelay: { hours: 1 },
                },
              },
              sources: {
                focus: ['aws-1.0', 'azure-1.2', 'messy'].map(folder => ({
                  key: `focus-${folder}`,
                  path: path.join(FIXTURES, folder),
                })),
              },
            },
          },
        }),
      ],
    }));
    const run = await request(server)
      .post('/api/finops/ingestion/runs')
      .send({ months: MONTHS })
      .expect(202);
    for (let i = 0; ; i += 1) {
      const row = await knex('ingestion_run')
        .where({ run_id: run.body.runId })
        .first();
      if (row.status !== 'running') {
        if (row.status !== 'succeeded') {
          throw new Error(`the run ${row.status}: ${row.detail}`);
        }
        break;
      }
      if (i > 600) throw new Error('run did not finish');
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  });

  const PERIODS = [
    { from: '2024-02', to: '2024-03' },
    { from: '2024-03', to: '2024-03' },
  ];
  const VIEWS = ['actual', 'amortized', 'list', 'contracted'];

  it.each(VIEWS)(
    'view %s: the estate adds up, keeps every provider and prices everything',
    async view => {
      const { body: actual } = await get('/overview', {
        from: '2024-02',
        to: '2024-03',
      });
      for (const { from, to } of PERIODS) {
        const { body: overview } = await get('/overview', { view, from, to });
        const total = cents(overview.total);
        expect(total).not.toBe(0n);
        expect(overview.unpriced).toEqual([]);
        for (const split of [
          'byCloud',
          'byAccount',
          'byRegion',
          'byCategory',
        ]) {
          expect([split, sum(overview[split].map((s: any) => s.cost))]).toEqual(
            [split, total],
          );
        }
        expect(sum(overview.daily.map((d: any) => d.cost))).toBe(total);
        expect(sum(overview.monthly.map((m: any) => m.cost))).toBe(total);
      }
      // One month: the estate's chargeback is the overview total, and its lines add up to it.
      const { body: march } = await get('/overview', {
        view,
        from: '2024-03',
        to: '2024-03',
      });
      const { body: chargeback } = await get('/chargeback', {
        month: '2024-03',
        view,
      });
      expect(chargeback.total).toBe(march.total);
      expect(sum(chargeback.lines.map((l: any) => l.cost))).toBe(
        cents(march.total),
      );
      // Every provider of the actual view is in this view too (OCI has no contracted prices).
      const { body: whole } = await get('/overview', {
        view,
        from: '2024-02',
        to: '2024-03',
      });
      expect(whole.byCloud.map((c: any) => c.key).sort()).toEqual(
        actual.byCloud.map((c: any) => c.key).sort(),
      );
      for (const cloud of whole.byCloud) expect(cloud.cost).not.toBe('0.00');
    },
  );

  describe.each([
    'component:default/cart-service',
    'system:default/payments',
    'group:default/commerce',
  ])('%s', entityRef => {
    it.each(VIEWS)('view %s: its chargeback is its costs total', async view => {
      const query = { entityRef, view, from: '2024-03', to: '2024-03' };
      const { body: costs } = await get('/costs', query);
      const { body: chargeback } = await get('/chargeback', {
        month: '2024-03',
        view,
        entityRef,
      });
      expect(chargeback.total).toBe(costs.total);
    });

    it.each(VIEWS)('view %s', async view => {
      for (const { from, to } of PERIODS) {
        const query = { entityRef, view, from, to };
        const { body: costs } = await get('/costs', query);
        const total = cents(costs.total);
        expect(total).not.toBe(0n);
        expect(cents(costs.direct) + cents(costs.indirect)).toBe(total);
        expect(costs.unpriced).toEqual([]);
        expect(sum(costs.rows.map((r: any) => r.cost))).toBe(total);
        for (const groupBy of ['family', 'product', 'account', 'region']) {
          const { body: split } = await get('/costs', { ...query, groupBy });
          expect(split.total).toBe(costs.total);
          expect(sum(split.rows.map((r: any) => r.cost))).toBe(total);
        }
        const csv = await get('/costs', {
          ...query,
          groupBy: 'product',
          format: 'csv',
        });
        const records = parse(csv.text, { columns: true }) as Array<{
          cost: string;
        }>;
        expect(sum(records.map(r => r.cost))).toBe(total);

        const { body: compared } = await get('/costs', {
          ...query,
          compareTo: 'previous',
        });
        const c = compared.comparison;
        const { body: baseline } = await get('/costs', {
          ...query,
          from: c.baseline.from,
          to: c.baseline.to,
          ...(c.baseline.through ? { through: c.baseline.through } : {}),
        });
        expect(c.baselineTotal).toBe(baseline.total);
        expect(
          cents(c.volumeEffect) +
            cents(c.priceEffect) +
            cents(c.addedCost) -
            cents(c.removedCost),
        ).toBe(total - cents(baseline.total));
      }
    });
  });
});
