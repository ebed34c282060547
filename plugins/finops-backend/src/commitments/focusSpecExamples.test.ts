import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// The FOCUS source of its own module, read-only, through the real batch.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { FocusCostSource } from '../../../finops-backend-module-focus/src/focus/FocusCostSource';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { FolderStore } from '../../../finops-backend-module-focus/src/focus/storage/FolderStore';
import { migrateMart } from '../database/operations/migrateMart';
import { DatabaseIngestionStore } from '../ingestion/DatabaseIngestionStore';
import { IngestionRunner } from '../ingestion/IngestionRunner';
import { DatabaseCommitmentStore } from './DatabaseCommitmentStore';

jest.setTimeout(180_000);

const EXAMPLES = path.resolve(
  __dirname,
  '../../../finops-backend-module-focus/fixtures/spec-examples',
);

/** Each example file as a source of its own, so that its figures stay apart. */
function exampleSources(dir: string) {
  const sources: Array<{ name: string; source: FocusCostSource }> = [];
  for (const folder of fs.readdirSync(EXAMPLES).sort()) {
    for (const file of fs.readdirSync(path.join(EXAMPLES, folder)).sort()) {
      const name = file.replace(/\.csv$/, '');
      fs.mkdirSync(path.join(dir, name));
      fs.copyFileSync(
        path.join(EXAMPLES, folder, file),
        path.join(dir, name, file),
      );
      sources.push({
        name,
        source: new FocusCostSource({
          key: `focus-example-${sources.length + 1}`,
          store: new FolderStore(path.join(dir, name)),
          // The specification's examples have no BillingCurrency column.
          currency: 'USD',
          now: () => new Date('2023-03-15T00:00:00Z'),
        }),
      });
    }
  }
  return sources;
}

describe('coverage and utilisation of the FOCUS specification examples', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });

  it('agree with what the files imply', async () => {
    const knex = await databases.init('POSTGRES_18');
    await migrateMart(knex);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'focus-examples-'));
    const sources = exampleSources(dir);
    const runner = new IngestionRunner({
      store: DatabaseIngestionStore.create({ knex }),
      logger: mockServices.logger.mock(),
      sources: sources.map(({ source }) => source),
      readApplications: async () => [],
      guards: { rejectThreshold: 0.5, dropThreshold: 0.5 },
      now: () => new Date('2023-03-15T00:00:00Z'),
    });
    const run = await runner.run({ trigger: 'manual', months: ['2023-01'] });
    expect(run.status).toBe('succeeded');

    const store = DatabaseCommitmentStore.create({ knex });
    const actual = (
      await knex('pricing_view').where({ view_key: 'actual' }).first()
    ).pricing_view_id;
    const figures: Record<string, unknown> = {};
    for (const { name, source } of sources) {
      const range = {
        from: '2023-01',
        to: '2023-01',
        viewId: actual,
        sourceKey: source.key,
      };
      const coverage = await store.coverage(range);
      const utilisation = await store.utilisation(range);
      figures[name] = {
        coverage: coverage.map(c => c.coverage ?? null),
        covered: coverage.map(c => c.coveredQuantity),
        onDemand: coverage.map(c => c.onDemandQuantity),
        utilisation: utilisation.map(u => u.utilisation ?? null),
        used: utilisation.map(u => u.usedQuantity),
        unused: utilisation.map(u => u.unusedQuantity),
        commitmentCost: utilisation.map(u => u.commitmentCost),
        waste: utilisation.map(u => u.waste),
      };
    }
    expect(figures).toEqual({
      // 1 hour of a large VM covered, nothing on demand, a 1-hour commitment fully used.
      one_hundred_percent_utilization_without_commitment_discount_flexibility: {
        coverage: ['1'],
        covered: ['1'],
        onDemand: ['0'],
        utilisation: ['1'],
        used: ['1'],
        unused: ['0'],
        commitmentCost: ['1.50'],
        waste: ['0.00'],
      },
      // The commitment (1 h) is unused; a medium VM runs 1 hour on demand: 0 % and 0 %,
      // and the whole 1.50 of the commitment's fee is waste.
      zero_percent_utilization_without_commitment_discount_flexibility: {
        coverage: ['0'],
        covered: ['0'],
        onDemand: ['1'],
        utilisation: ['0'],
        used: ['0'],
        unused: ['1'],
        commitmentCost: ['1.50'],
        waste: ['1.50'],
      },
      // 4 normalised hours bought, 2 + 2 used by two medium VMs: both covered, 100 % used.
      one_hundred_percent_utilization_with_commitment_discount_flexibility_with_2_resources:
        {
          coverage: ['1'],
          covered: ['2'],
          onDemand: ['0'],
          utilisation: ['1'],
          used: ['4'],
          unused: ['0'],
          commitmentCost: ['2.00'],
          waste: ['0.00'],
        },
      // 1 normalised hour bought, used by a large VM whose hour is partly on demand. The rows
      // give the VM's consumed hour twice (1 committed, 1 on demand; pricing quantities 0.333
      // and 0.75), so coverage counted in consumed hours is 1 of 2.
      one_hundred_percent_utilization_with_commitment_discount_flexibility_with_1_resource:
        {
          coverage: ['0.5'],
          covered: ['1'],
          onDemand: ['1'],
          utilisation: ['1'],
          used: ['1'],
          unused: ['0'],
          commitmentCost: ['0.50'],
          waste: ['0.00'],
        },
      // Purchases only: no usage, no utilisation (nothing used or unused yet).
      commitment_discount_purchase_scenario_1: {
        coverage: [],
        covered: [],
        onDemand: [],
        utilisation: [null],
        used: ['0'],
        unused: ['0'],
        commitmentCost: ['8760.00'],
        waste: ['0.00'],
      },
      commitment_discount_purchase_scenario_2: {
        coverage: [],
        covered: [],
        onDemand: [],
        utilisation: [null],
        used: ['0'],
        unused: ['0'],
        commitmentCost: ['3.00'],
        waste: ['0.00'],
      },
      commitment_discount_purchase_scenario_3: {
        coverage: [],
        covered: [],
        onDemand: [],
        utilisation: [null],
        used: ['0'],
        unused: ['0'],
        commitmentCost: ['4381.50'],
        waste: ['0.00'],
      },
      // 1 hour covered, commitment fully used.
      commitment_discount_usage_scenario_1: {
        coverage: ['1'],
        covered: ['1'],
        onDemand: ['0'],
        utilisation: ['1'],
        used: ['1'],
        unused: ['0'],
        commitmentCost: ['0.00'],
        waste: ['0.00'],
      },
      // The commitment's hour went unused, nothing ran: utilisation 0, no coverage to speak of.
      commitment_discount_usage_scenario_2: {
        coverage: [],
        covered: [],
        onDemand: [],
        utilisation: ['0'],
        used: ['0'],
        unused: ['1'],
        commitmentCost: ['0.00'],
        waste: ['0.00'],
      },
      // 0.75 of the commitment used by a 1-hour resource, 0.25 unused: 75 % utilisation.
      commitment_discount_usage_scenario_3: {
        coverage: ['1'],
        covered: ['1'],
        onDemand: ['0'],
        utilisation: ['0.75'],
        used: ['0.75'],
        unused: ['0.25'],
        commitmentCost: ['0.00'],
        waste: ['0.00'],
      },
      // 1 hour covered, 1 hour on demand: 50 % coverage, commitment fully used.
      commitment_discount_usage_scenario_4: {
        coverage: ['0.5'],
        covered: ['1'],
        onDemand: ['1'],
        utilisation: ['1'],
        used: ['1'],
        unused: ['0'],
        commitmentCost: ['0.00'],
        waste: ['0.00'],
      },
    });
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('coverage of FOCUS exports whose families are metered in several units', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });

  it('never adds quantities of different units', async () => {
    const knex = await databases.init('POSTGRES_18');
    await migrateMart(knex);
    const fixtures = path.resolve(EXAMPLES, '..');
    const sources = ['aws-1.0', 'azure-1.2', 'messy'].map(
      (folder, i) =>
        new FocusCostSource({
          key: `focus-${i + 1}`,
          store: new FolderStore(path.join(fixtures, folder)),
          now: () => new Date('2024-04-15T00:00:00Z'),
        }),
    );
    const runner = new IngestionRunner({
      store: DatabaseIngestionStore.create({ knex }),
      logger: mockServices.logger.mock(),
      sources,
      readApplications: async () => [],
      guards: { rejectThreshold: 0.5, dropThreshold: 0.5 },
      now: () => new Date('2024-04-15T00:00:00Z'),
    });
    const run = await runner.run({
      trigger: 'manual',
      months: ['2024-02', '2024-03'],
    });
    expect(run.status).toBe('succeeded');
    const store = DatabaseCommitmentStore.create({ knex });
    const actual = (
      await knex('pricing_view').where({ view_key: 'actual' }).first()
    ).pricing_view_id;
    const figures: Record<string, string[]> = {};
    for (const source of sources) {
      const coverage = await store.coverage({
        from: '2024-02',
        to: '2024-03',
        viewId: actual,
        sourceKey: source.key,
      });
      figures[source.key] = coverage.map(
        c =>
          `${c.month} ${c.familyKey} ${c.unit}: ${c.coveredQuantity} covered, ${c.onDemandQuantity} on demand, ${c.coverage}`,
      );
    }
    expect(figures).toEqual({
      // The AWS export's compute: EC2 hours and Lambda requests (a `1M Requests` price), apart.
      'focus-1': [
        '2024-02 compute Hours: 0 covered, 24 on demand, 0',
        '2024-03 compute Hours: 0 covered, 46.5 on demand, 0',
        '2024-03 compute Requests: 0 covered, 2500000 on demand, 0',
        '2024-03 database Hours: 24 covered, 0 on demand, 1',
      ],
      // Azure: VM hours (`10 Hours` blocks) and function requests; the reserved database hours.
      'focus-2': [
        '2024-03 compute Hours: 0 covered, 66.5 on demand, 0',
        '2024-03 compute Requests: 0 covered, 3000 on demand, 0',
        '2024-03 database Hours: 20 covered, 0 on demand, 1',
      ],
      'focus-3': ['2024-03 compute Hours: 0 covered, 120 on demand, 0'],
    });
  });
});
