import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import path from 'node:path';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports -- the batch itself, a devDependency
import { migrateMart } from '../../finops-backend/src/database/operations/migrateMart';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports -- the batch itself, a devDependency
import { DatabaseIngestionStore } from '../../finops-backend/src/ingestion/DatabaseIngestionStore';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports -- the batch itself, a devDependency
import { IngestionRunner } from '../../finops-backend/src/ingestion/IngestionRunner';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports -- the batch itself, a devDependency
import { syncApplications } from '../../finops-backend/src/ingestion/operations/syncApplications';
import { FocusCostSource } from './focus/FocusCostSource';
import { FolderStore } from './focus/storage/FolderStore';
import {
  Decimal,
  FIXTURES,
  fileTotals,
  fixtureFiles,
} from './testing/fileTotals';

jest.setTimeout(180_000);

const NOW = new Date('2024-04-10T12:00:00Z');
const FOLDERS = ['spec-examples', 'aws-1.0', 'azure-1.2', 'messy'];
const MONTHS = ['2023-01', '2024-02', '2024-03'];

/**
 * Each source-month of a view against the files' amounts: the same source-months, each total within
 * 1e-12 of the file's (the batch keeps unit prices to 30 decimals, so Σ quantity × price may differ
 * from Σ amount in the 25th decimal), so the same to the cent.
 */
function expectTotals(
  actual: Array<{ source_key: string; month: string; cost: string }>,
  expected: Array<{
    source: string;
    month: string;
    amount: InstanceType<typeof Decimal>;
  }>,
) {
  expect(actual.map(row => `${row.source_key} ${row.month}`)).toEqual(
    expected.map(e => `${e.source} ${e.month}`),
  );
  actual.forEach((row, i) => {
    const difference = new Decimal(row.cost).minus(expected[i].amount).abs();
    expect({ ...row, difference: difference.lt('1e-12') }).toEqual({
      ...row,
      difference: true,
    });
  });
}

describe('FOCUS files through the batch', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });

  async function viewTotals(
    knex: Awaited<ReturnType<typeof databases.init>>,
    viewKey: string,
  ) {
    const { rows } = await knex.raw(
      `SELECT f.source_key, to_char(f.period_month, 'YYYY-MM') AS month,
              sum(f.quantity * r.unit_price)::text AS cost
         FROM fact_consumption f
         JOIN pricing_rule r ON r.product_id = f.product_id AND r.valid_from = f.period_month
         JOIN pricing_view v ON v.pricing_view_id = r.pricing_view_id
        WHERE v.view_key = ?
        GROUP BY 1, 2 ORDER BY 1, 2`,
      [viewKey],
    );
    return rows as Array<{ source_key: string; month: string; cost: string }>;
  }

  it('reconciles every source-month with the files, rejects bad rows with their line, and is idempotent', async () => {
    const knex = await databases.init('POSTGRES_18');
    await migrateMart(knex);
    const sources = FOLDERS.map(
      folder =>
        new FocusCostSource({
          key: `focus-${folder}`,
          store: new FolderStore(path.join(FIXTURES, folder)),
          // The specification's examples have no BillingCurrency column.
          currency: folder === 'spec-examples' ? 'USD' : undefined,
          now: () => NOW,
        }),
    );
    const runner = new IngestionRunner({
      store: DatabaseIngestionStore.create({ knex }),
      logger: mockServices.logger.mock(),
      sources,
      readApplications: () =>
        syncApplications(knex, [
          {
            entityRef: 'component:default/cart-service',
            ownerRef: 'group:default/checkout-team',
            name: 'cart-service',
            tagSelectors: ['app=cart-service'],
            accountKeys: [],
          },
        ]),
      // The messy file rejects 3 of its 13 March rows on purpose.
      guards: { rejectThreshold: 0.5, dropThreshold: 0.5 },
      now: () => NOW,
    });

    // What the files say, month by month, computed from the CSV alone.
    const expected = FOLDERS.flatMap(folder =>
      [...fileTotals(fixtureFiles(folder))].map(([month, totals]) => ({
        source: `focus-${folder}`,
        month,
        totals,
      })),
    ).sort((a, b) =>
      `${a.source}|${a.month}`.localeCompare(`${b.source}|${b.month}`),
    );
    expect(expected.map(e => `${e.source} ${e.month}`)).toEqual([
      'focus-aws-1.0 2024-02',
      'focus-aws-1.0 2024-03',
      'focus-azure-1.2 2024-02',
      'focus-azure-1.2 2024-03',
      'focus-messy 2024-02',
      'focus-messy 2024-03',
      'focus-spec-examples 2023-01',
    ]);

    const snapshots = [];
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const run = await runner.run({ trigger: 'manual', months: MONTHS });
      expect(run.status).toBe('succeeded');
      expect(run.loads.filter(load => load.status !== 'succeeded')).toEqual([]);

      // The actual view reproduces each source-month's billed total to the cent.
      const actual = await viewTotals(knex, 'actual');
      expectTotals(
        actual,
        expected.map(e => ({ ...e, amount: e.totals.billed })),
      );
      // The ledger's billed total is the file's, exactly.
      const { rows: ledger } = await knex.raw(
        `SELECT source_key, to_char(period_month, 'YYYY-MM') AS month,
                sum(billed_total)::text AS billed, bool_and(is_final) AS final
           FROM ingestion_load WHERE run_id = ? AND domain_key IS NOT NULL
          GROUP BY 1, 2 ORDER BY 1, 2`,
        [run.runId],
      );
      expect(
        ledger.map((row: { billed: string }) =>
          new Decimal(row.billed).toFixed(),
        ),
      ).toEqual(expected.map(e => e.totals.billed.toFixed()));
      expect(ledger.every((row: { final: boolean }) => row.final)).toBe(true);

      // List and contracted views: the files' ListCost and ContractedCost (where a product-month
      // has them on every row: the specification's scenario files have none, and their rows are
      // products of their own, without a SkuId).
      for (const [view, field] of [
        ['list', 'list'],
        ['contracted', 'contracted'],
      ] as const) {
        expectTotals(
          await viewTotals(knex, view),
          expected
            .filter(e => !e.totals[field].isZero())
            .map(e => ({ ...e, amount: e.totals[field] })),
        );
      }

      const { rows: facts } = await knex.raw(
        `SELECT count(*)::int AS rows, sum(quantity)::text AS quantity FROM fact_consumption`,
      );
      snapshots.push({ actual, facts });
    }
    // Idempotent: the second run replaced the first one's rows with the same.
    expect(snapshots[1]).toEqual(snapshots[0]);

    // Rejected rows: file and line, reason.
    const rejected = await knex('ingestion_rejected_row')
      .where({ source_key: 'focus-messy' })
      .orderBy(['run_id', 'line'])
      .select(
        'line',
        'reason',
        knex.raw("to_char(period_month, 'YYYY-MM') AS month"),
      );
    const once = [
      {
        line: 'oci-focus-1.1-2024-03.csv.gz:14',
        reason:
          'malformed record: 14 fields, the header has 32 (oci-focus-1.1-2024-03.csv.gz:14)',
        month: '2024-03',
      },
      {
        line: 'oci-focus-1.1-2024-03.csv.gz:6',
        reason:
          "BilledCost: 'O.036' is not a number (oci-focus-1.1-2024-03.csv.gz:6)",
        month: '2024-03',
      },
      {
        line: 'oci-focus-1.1-2024-03.csv.gz:7',
        reason:
          "ChargePeriodStart: '2024-03-32T00:00:00Z' is not a date (oci-focus-1.1-2024-03.csv.gz:7)",
        month: '2024-03',
      },
    ];
    expect(rejected).toEqual([...once, ...once]);

    // The specification's commitment discount examples keep their commitment and its status
    // (its files hold 3 unused and 7 used usage rows and 12 purchases of the commitment).
    const { rows: commitments } = await knex.raw(
      `SELECT c.commitment_key, c.category, f.commitment_status, f.charge_category,
              count(*)::int AS rows
         FROM fact_consumption f JOIN dim_commitment c USING (commitment_id)
        WHERE f.source_key = 'focus-spec-examples'
        GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    );
    expect(commitments).toEqual([
      {
        commitment_key: '<my-commitment-discount-id>',
        category: 'Usage',
        commitment_status: 'Unused',
        charge_category: 'Usage',
        rows: 3,
      },
      {
        commitment_key: '<my-commitment-discount-id>',
        category: 'Usage',
        commitment_status: 'Used',
        charge_category: 'Usage',
        rows: 7,
      },
      {
        commitment_key: '<my-commitment-discount-id>',
        category: 'Usage',
        commitment_status: null,
        charge_category: 'Purchase',
        rows: 12,
      },
    ]);
  });
});
