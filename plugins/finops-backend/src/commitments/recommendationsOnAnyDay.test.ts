import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { migrateMart } from '../database/operations/migrateMart';
import { DatabaseIngestionStore } from '../ingestion/DatabaseIngestionStore';
import { IngestionRunner } from '../ingestion/IngestionRunner';
import {
  applicationFromEntity,
  syncApplications,
} from '../ingestion/operations/syncApplications';
import { DemoCostSource } from '../sources/demo/DemoCostSource';
import { IndirectWeightsSource } from '../sources/indirect/IndirectWeightsSource';
import { DatabaseCommitmentStore } from './DatabaseCommitmentStore';
import { OPTIONS } from './commitmentOptions';

jest.setTimeout(600_000);

/** The demo catalog the app loads by default. */
function demoComponents() {
  const file = path.resolve(__dirname, '../../../../examples/entities.yaml');
  return parseAllDocuments(fs.readFileSync(file, 'utf8'))
    .map(doc => doc.toJS() as Entity)
    .filter(entity => entity?.kind === 'Component')
    .map(applicationFromEntity);
}

/**
 * The demo as `npm start` loads it (app-config.yaml): the demo source and the indirect shared
 * tooling, whose monthly share is booked on the 1st of each month, the current one included.
 */
async function loadDemo(knex: any, now: Date, months: number) {
  await migrateMart(knex);
  const clock = () => now;
  const components = demoComponents();
  const runner = new IngestionRunner({
    store: DatabaseIngestionStore.create({ knex }),
    logger: mockServices.logger.mock(),
    sources: [
      new DemoCostSource({ months, now: clock }),
      new IndirectWeightsSource({
        domainKey: 'SHARED_TOOLING',
        domainName: 'Shared tooling',
        methodKey: 'components',
        label: 'Split equally over the components of the catalog',
        monthlyAmount: '12000.00',
        currency: 'USD',
        catalogEntityRefs: async () => components.map(c => c.entityRef),
        backfillMonths: months,
        now: clock,
      }),
    ],
    readApplications: () => syncApplications(knex, components),
    guards: { rejectThreshold: 0.05, dropThreshold: 0.5 },
    now: clock,
  });
  const run = await runner.run({ trigger: 'schedule' });
  expect(run.status).toBe('succeeded');
}

describe('reservation recommendations on the demo, whatever the day of the month', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });

  // On the 1st the lookback used to end on the indirect share booked that day, in a month with
  // no usage and so no on-demand price: no recommendation at all.
  it.each([
    ['2026-12-01T09:00:00Z', '2026-11-30'],
    ['2026-12-15T09:00:00Z', '2026-12-14'],
    ['2026-12-31T23:30:00Z', '2026-12-30'],
    ['2027-02-28T09:00:00Z', '2027-02-27'],
  ])(
    'on %s recommends, over the 90 days up to the last day of usage %s',
    async (instant, lastDay) => {
      const now = new Date(instant);
      const knex = await databases.init('POSTGRES_18');
      await loadDemo(knex, now, 18);
      const store = DatabaseCommitmentStore.create({ knex });
      await store.ensureRateViews();
      const views = await knex('pricing_view')
        .whereIn('view_key', ['actual', ...OPTIONS.map(o => o.rateView)])
        .select('view_key', 'pricing_view_id');
      const id = (key: string) =>
        views.find(v => v.view_key === key)!.pricing_view_id as number;

      const { until, recommendations } = await store.recommendations({
        viewId: id('actual'),
        lookbackDays: 90,
        today: instant.slice(0, 10),
        rateViewIds: new Map(OPTIONS.map(o => [o.rateView, id(o.rateView)])),
      });
      expect(until).toBe(lastDay);
      const withBest = recommendations.filter(r => r.best);
      expect(withBest.length).toBeGreaterThan(0);
      for (const r of withBest) {
        expect(['compute', 'database']).toContain(r.familyKey);
        expect(
          r.options.find(o => o.term === r.best!.term)?.rate,
        ).toBeDefined();
      }
      // eslint-disable-next-line no-console
      console.log(
        `${instant}: ${
          recommendations.length
        } recommendation(s) until ${until}, ${
          withBest.length
        } with a best option: ${withBest
          .map(r => `${r.productKey} ${r.best!.term} ${r.best!.paymentOption}`)
          .join('; ')}`,
      );
    },
  );
});
