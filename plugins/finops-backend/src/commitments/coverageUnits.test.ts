import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import {
  CostSourceProduct,
  CostSourceRow,
} from '@finops-backstage/plugin-finops-node';
import { migrateMart } from '../database/operations/migrateMart';
import { DatabaseIngestionStore } from '../ingestion/DatabaseIngestionStore';
import { IngestionRunner } from '../ingestion/IngestionRunner';
import { ScriptedSource } from '../ingestion/__testUtils__/testSources';
import { DatabaseCommitmentStore } from './DatabaseCommitmentStore';

jest.setTimeout(120_000);

const compute = (key: string, unit: string): CostSourceProduct => ({
  key,
  name: key,
  unit,
  provider: 'aws',
  service: 'Compute',
  region: 'us-east-1',
  familyKey: 'compute',
});
const VM = compute('vm', 'Hrs');
const VM_OTHER = compute('vm-other', 'Hours');
const FUNCTION_REQUESTS = compute('function-requests', 'Requests');
const FUNCTION_DURATION = compute('function-duration', 'GB-Seconds');
const TRANSFER = compute('transfer', 'GB');

function row(
  product: CostSourceProduct,
  quantity: string,
  billed: string,
  extra: Partial<CostSourceRow> = {},
): CostSourceRow {
  return {
    day: '2026-03-02',
    domainKey: 'CLOUD',
    product,
    account: { key: '111111111111' },
    tags: {},
    quantity,
    billedAmount: billed,
    currency: 'USD',
    ...extra,
  };
}

/**
 * One month of compute metered in five units, as a FOCUS export has it: 3 instance hours a
 * reservation covered, 1 + 1.5 on demand (`Hrs` and `Hours`: one unit), 500 requests,
 * 400 GB-seconds and 0.5 GB. Summed regardless of unit, 3 covered of 906 (0.33 %).
 */
describe('commitment coverage', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });

  it('is computed per unit: hours with hours, never added to requests or GB', async () => {
    const knex = await databases.init('POSTGRES_18');
    await migrateMart(knex);
    const source = new ScriptedSource('t');
    source.rows.set('2026-03', [
      row(VM, '3', '0', {
        pricingCategory: 'Committed',
        amortizedAmount: '0.21',
        commitment: {
          id: 'ri-1',
          name: 'vm reservation',
          type: 'Reserved Instance',
          category: 'Usage',
          status: 'Used',
          quantity: '3',
          unit: 'Hours',
        },
      }),
      row(VM, '1', '0.10'),
      row(VM_OTHER, '1.5', '0.15'),
      row(FUNCTION_REQUESTS, '500', '0.01'),
      row(FUNCTION_DURATION, '400', '0.02'),
      row(TRANSFER, '0.5', '0.05'),
    ]);
    const now = () => new Date('2026-04-10T12:00:00Z');
    const runner = new IngestionRunner({
      store: DatabaseIngestionStore.create({ knex }),
      logger: mockServices.logger.mock(),
      sources: [source],
      readApplications: async () => [],
      guards: { rejectThreshold: 0.05, dropThreshold: 0.5 },
      now,
    });
    const run = await runner.run({ trigger: 'manual', months: ['2026-03'] });
    expect(run.status).toBe('succeeded');
    const actual = (
      await knex('pricing_view').where({ view_key: 'actual' }).first()
    ).pricing_view_id;

    const coverage = await DatabaseCommitmentStore.create({ knex }).coverage({
      from: '2026-03',
      to: '2026-03',
      viewId: actual,
    });
    expect(coverage).toEqual([
      {
        month: '2026-03',
        familyKey: 'compute',
        familyName: 'compute',
        unit: 'GB',
        coveredQuantity: '0',
        onDemandQuantity: '0.5',
        coverage: '0',
        onDemandCost: '0.05',
      },
      {
        month: '2026-03',
        familyKey: 'compute',
        familyName: 'compute',
        unit: 'GB-Seconds',
        coveredQuantity: '0',
        onDemandQuantity: '400',
        coverage: '0',
        onDemandCost: '0.02',
      },
      // 3 of 5.5 instance hours. (The actual view prices `vm` at its month's billed ÷ hours,
      // 0.10 ÷ 4, covered hours included: 0.025 + 0.15.)
      {
        month: '2026-03',
        familyKey: 'compute',
        familyName: 'compute',
        unit: 'Hours',
        coveredQuantity: '3',
        onDemandQuantity: '2.5',
        coverage: '0.5455',
        onDemandCost: '0.18',
      },
      {
        month: '2026-03',
        familyKey: 'compute',
        familyName: 'compute',
        unit: 'Requests',
        coveredQuantity: '0',
        onDemandQuantity: '500',
        coverage: '0',
        onDemandCost: '0.01',
      },
    ]);
  });
});
