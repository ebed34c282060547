import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { CostSourceRow } from '@finops-backstage/plugin-finops-node';
import Decimal from 'decimal.js';
import { Knex } from 'knex';
import { migrateMart } from '../database/operations/migrateMart';
import {
  CATALOG_EMPTY,
  IngestionRunner,
  markAbandonedRuns,
} from './IngestionRunner';
import { DatabaseIngestionStore } from './DatabaseIngestionStore';
import { syncApplications } from './operations/syncApplications';
import { ScriptedSource, daysOf, usageRow } from './__testUtils__/testSources';
import { testComponent, testRunner } from './__testUtils__/testRunner';

jest.setTimeout(120_000);

const MONTH = '2026-03';
const COMPONENTS = [
  testComponent('cart-service', 'checkout-team'),
  testComponent('ledger-service', 'payments-team', ['333333333333']),
];

describe('IngestionRunner', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });
  let knex: Knex;

  beforeEach(async () => {
    knex = await databases.init('POSTGRES_18');
    await migrateMart(knex);
  });

  function runnerFor(
    sources: ScriptedSource[],
    guards = { rejectThreshold: 0.05, dropThreshold: 0.5 },
  ) {
    return testRunner(knex, {
      sources,
      components: COMPONENTS,
      now: '2026-04-10T12:00:00Z',
      guards,
    });
  }

  function monthOfUsage(quantity = '24', billed = '2.304'): CostSourceRow[] {
    return daysOf(MONTH).map(day =>
      usageRow(day, { quantity, billedAmount: billed }),
    );
  }

  async function factTotals(sourceKey = 'test') {
    const row = await knex('fact_consumption')
      .where({ source_key: sourceKey, period_month: `${MONTH}-01` })
      .first(
        knex.raw('count(*)::int AS rows'),
        knex.raw('coalesce(sum(quantity), 0)::text AS quantity'),
        knex.raw('array_agg(DISTINCT run_id) AS runs'),
      );
    return row as { rows: number; quantity: string; runs: string[] | null };
  }

  async function loadsOf(runId: number) {
    return knex('ingestion_load')
      .where({ run_id: runId })
      .orderBy('domain_key')
      .select(
        'source_key',
        'domain_key',
        'status',
        'rows_read',
        'rows_loaded',
        'rows_rejected',
        'checksum',
        'is_final',
        'detail',
      );
  }

  it('loads several months in one run, each from its own rows, in order, a failed one kept apart', async () => {
    // The runner stages a month while it replaces the one before, on two connections.
    const months = ['2025-11', '2025-12', '2026-01', '2026-02', '2026-03'];
    const source = new ScriptedSource('test');
    months.forEach((month, index) =>
      source.rows.set(
        month,
        daysOf(month).map(day =>
          usageRow(day, { quantity: String(index + 1), billedAmount: '1' }),
        ),
      ),
    );
    const runner = runnerFor([source]);
    const first = await runner.run({ trigger: 'manual', months });
    expect(first.status).toBe('succeeded');
    expect(first.loads.map(load => load.month)).toEqual(months);

    // Again, the third month failing half-way: the others replaced, that one kept.
    source.rows.set(
      '2026-01',
      daysOf('2026-01').map(day =>
        usageRow(day, { quantity: '7', billedAmount: '1' }),
      ),
    );
    let read = 0;
    source.beforeRow = async () => {
      read += 1;
      // The third month's 20th row: 30 + 31 rows of the first two months, then 20.
      if (read === 30 + 31 + 20) {
        throw new Error('the source failed');
      }
    };
    const second = await runner.run({ trigger: 'manual', months });
    expect(second.loads.map(load => [load.month, load.status])).toEqual([
      ['2025-11', 'succeeded'],
      ['2025-12', 'succeeded'],
      ['2026-01', 'failed'],
      ['2026-02', 'succeeded'],
      ['2026-03', 'succeeded'],
    ]);
    const totals = await knex('fact_consumption')
      .groupBy('period_month')
      .orderBy('period_month')
      .select(
        knex.raw(`to_char(period_month, 'YYYY-MM') AS month`),
        knex.raw('count(*)::int AS rows'),
        knex.raw('sum(quantity)::text AS quantity'),
        knex.raw('count(DISTINCT run_id)::int AS runs'),
      );
    expect(totals).toEqual(
      months.map((month, index) => ({
        month,
        rows: daysOf(month).length,
        quantity: String((index + 1) * daysOf(month).length),
        runs: 1,
      })),
    );
    const monthly = await knex('agg_quantity_monthly')
      .groupBy('period_month')
      .orderBy('period_month')
      .select(knex.raw('sum(quantity)::text AS quantity'));
    expect(monthly.map(row => row.quantity)).toEqual(
      totals.map(row => row.quantity),
    );
  });

  it('loads a month idempotently: twice gives the same quantities and ledger, the facts kept as written', async () => {
    const source = new ScriptedSource('test');
    source.rows.set(MONTH, monthOfUsage());
    const runner = runnerFor([source]);

    const first = await runner.run({ trigger: 'manual', months: [MONTH] });
    expect(first.status).toBe('succeeded');
    const totalsAfterFirst = await factTotals();
    expect(totalsAfterFirst.rows).toBe(31);
    expect(totalsAfterFirst.quantity).toBe('744');

    const second = await runner.run({ trigger: 'manual', months: [MONTH] });
    expect(second.runId).not.toBe(first.runId);
    const totalsAfterSecond = await factTotals();
    expect(totalsAfterSecond.rows).toBe(31);
    expect(totalsAfterSecond.quantity).toBe('744');
    // The same rows again: the facts are kept as the first run wrote them.
    expect(totalsAfterSecond.runs).toEqual([String(first.runId)]);

    const [firstLoads, secondLoads] = [
      await loadsOf(first.runId),
      await loadsOf(second.runId),
    ];
    expect(secondLoads).toEqual(firstLoads);
    expect(firstLoads).toEqual([
      expect.objectContaining({
        status: 'succeeded',
        rows_read: '31',
        rows_loaded: '31',
        rows_rejected: '0',
        is_final: true,
      }),
    ]);

    // The views are refreshed after the load.
    const monthly = await knex('agg_quantity_monthly')
      .sum({ quantity: 'quantity' })
      .first();
    expect(monthly?.quantity).toBe('744');

    // One row changes where the ledger's checksum does not look (its charge category): the
    // rows are compared, and the month is written again.
    const changed = monthOfUsage();
    changed[4] = { ...changed[4], chargeCategory: 'Usage' };
    source.rows.set(MONTH, changed);
    const third = await runner.run({ trigger: 'manual', months: [MONTH] });
    expect(third.status).toBe('succeeded');
    expect(await factTotals()).toEqual({
      rows: 31,
      quantity: '744',
      runs: [String(third.runId)],
    });
    expect(
      await knex('fact_consumption')
        .where({ charge_category: 'Usage' })
        .pluck('day'),
    ).toHaveLength(1);

    // One quantity keeps its value and changes its scale: written again, the summaries with it.
    const rescaled = monthOfUsage();
    rescaled[0] = { ...rescaled[0], quantity: '24.000' };
    rescaled[4] = changed[4];
    source.rows.set(MONTH, rescaled);
    const fourth = await runner.run({ trigger: 'manual', months: [MONTH] });
    expect(await factTotals()).toEqual({
      rows: 31,
      quantity: '744.000',
      runs: [String(fourth.runId)],
    });
    const daily = await knex('agg_quantity_daily')
      .where({ day: `${MONTH}-01` })
      .first(knex.raw('quantity::text AS quantity'));
    expect(daily?.quantity).toBe('24.000');
  });

  it("leaves the facts it wrote summarised in their partition's BRIN, so the next domain skips them", async () => {
    const source = new ScriptedSource('test');
    // 400 rows a day: more block ranges (128 pages each) than the last, partly filled one.
    source.rows.set(
      MONTH,
      daysOf(MONTH).flatMap(day =>
        Array.from({ length: 400 }, () =>
          usageRow(day, { quantity: '1', billedAmount: '0.096' }),
        ),
      ),
    );
    const run = await runnerFor([source]).run({
      trigger: 'manual',
      months: [MONTH],
    });
    expect(run.status).toBe('succeeded');
    expect((await factTotals()).rows).toBe(12_400);
    // Summarising now finds nothing left but the last range, which a load leaves open.
    const { rows } = await knex.raw(
      `SELECT brin_summarize_new_values(i.indexrelid) AS ranges
         FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
         JOIN pg_am am ON am.oid = c.relam AND am.amname = 'brin'
        WHERE i.indrelid = to_regclass(?)`,
      [`fact_consumption_p${MONTH.replace('-', '')}`],
    );
    expect(rows).toEqual([{ ranges: 0 }]);
  });

  it('keeps the previous month when the source fails half-way, and the next run succeeds', async () => {
    const source = new ScriptedSource('test');
    source.rows.set(MONTH, monthOfUsage());
    const runner = runnerFor([source]);
    await runner.run({ trigger: 'manual', months: [MONTH] });

    source.rows.set(MONTH, monthOfUsage('48', '4.608'));
    source.failAt = 20;
    const failed = await runner.run({ trigger: 'manual', months: [MONTH] });
    expect(failed.status).toBe('failed');
    expect(await factTotals()).toMatchObject({ rows: 31, quantity: '744' });
    expect(await loadsOf(failed.runId)).toEqual([
      expect.objectContaining({
        status: 'failed',
        detail: 'source failed at row 20',
      }),
    ]);
    const run = await knex('ingestion_run')
      .where({ run_id: failed.runId })
      .first();
    expect(run.status).toBe('failed');

    source.failAt = undefined;
    const next = await runner.run({ trigger: 'manual', months: [MONTH] });
    expect(next.status).toBe('succeeded');
    expect(await factTotals()).toMatchObject({ rows: 31, quantity: '1488' });
  });

  it('replaces a month whole or not at all: a domain that fails takes the ones before it back', async () => {
    const source = new ScriptedSource('test');
    const twoDomains = (quantity: string, billed: string) => [
      ...monthOfUsage(quantity, billed),
      ...daysOf(MONTH).map(day =>
        usageRow(day, {
          domainKey: 'STORAGE',
          quantity,
          billedAmount: billed,
          origin: `storage:${day}`,
        }),
      ),
    ];
    source.rows.set(MONTH, twoDomains('24', '2.304'));
    const runner = runnerFor([source]);
    expect(
      (await runner.run({ trigger: 'manual', months: [MONTH] })).status,
    ).toBe('succeeded');
    // What every reader sees of the month: facts per domain, summaries, prices and costs.
    const monthSeen = async () =>
      (
        await knex.raw(
          `SELECT (SELECT json_object_agg(domain_id, q) FROM (SELECT domain_id, sum(quantity)::text AS q
                     FROM fact_consumption WHERE period_month = :month GROUP BY domain_id) f) AS facts,
                  (SELECT sum(quantity)::text FROM agg_quantity_monthly WHERE period_month = :month) AS summary,
                  (SELECT sum(unit_price)::text FROM price_resolved WHERE period_month = :month) AS prices,
                  (SELECT sum(cents)::text FROM cost_application_monthly WHERE period_month = :month) AS costs`,
          { month: `${MONTH}-01` },
        )
      ).rows[0];
    const before = await monthSeen();
    expect(Object.keys(before.facts)).toHaveLength(2);
    expect(before.costs).toBe('142.85');

    // The second delivery doubles both domains; the second domain's insert fails (CLOUD is
    // replaced first, in the domains' order).
    source.rows.set(MONTH, twoDomains('48', '4.608'));
    await knex.raw(`CREATE FUNCTION test_refuse_storage() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.domain_id = (SELECT domain_id FROM dim_domain WHERE domain_key = 'STORAGE') THEN
          RAISE EXCEPTION 'storage refused by the test';
        END IF;
        RETURN NEW;
      END $$`);
    await knex.raw(`CREATE TRIGGER test_refuse_storage BEFORE INSERT ON fact_consumption
      FOR EACH ROW EXECUTE FUNCTION test_refuse_storage()`);
    const failed = await runner.run({ trigger: 'manual', months: [MONTH] });
    expect(failed.status).toBe('failed');
    expect(await monthSeen()).toEqual(before);
    expect(await loadsOf(failed.runId)).toEqual([
      expect.objectContaining({ status: 'failed' }),
    ]);

    await knex.raw('DROP TRIGGER test_refuse_storage ON fact_consumption');
    expect(
      (await runner.run({ trigger: 'manual', months: [MONTH] })).status,
    ).toBe('succeeded');
    expect((await monthSeen()).costs).toBe('285.70');
  });

  it('keeps the previous month when the database connection is killed during the load', async () => {
    const source = new ScriptedSource('test');
    source.rows.set(MONTH, monthOfUsage());
    const runner = runnerFor([source]);
    await runner.run({ trigger: 'manual', months: [MONTH] });

    source.rows.set(MONTH, monthOfUsage('48', '4.608'));
    let killed = 0;
    source.beforeRow = async index => {
      if (index === 10) {
        const { rows } = await knex.raw(
          `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
            WHERE datname = current_database() AND query LIKE 'COPY finops_stage%'
              AND pid <> pg_backend_pid()`,
        );
        killed = rows.filter((row: { killed: boolean }) => row.killed).length;
      }
    };
    await runner
      .run({ trigger: 'manual', months: [MONTH] })
      .catch(() => undefined);
    expect(killed).toBe(1);
    expect(await factTotals()).toMatchObject({ rows: 31, quantity: '744' });

    source.beforeRow = undefined;
    const next = await runner.run({ trigger: 'manual', months: [MONTH] });
    expect(next.status).toBe('succeeded');
    expect(await factTotals()).toMatchObject({ rows: 31, quantity: '1488' });
  });

  it('never interleaves two runs: the second records that it skipped', async () => {
    const source = new ScriptedSource('test');
    source.rows.set(MONTH, monthOfUsage());
    source.beforeRow = () => new Promise(resolve => setTimeout(resolve, 10));
    const [a, b] = await Promise.all([
      runnerFor([source]).run({ trigger: 'schedule', months: [MONTH] }),
      new Promise(resolve => setTimeout(resolve, 50)).then(() =>
        runnerFor([source]).run({ trigger: 'manual', months: [MONTH] }),
      ),
    ]);
    expect([a.status, b.status]).toEqual(['succeeded', 'skipped']);
    const skipped = await knex('ingestion_run')
      .where({ run_id: b.runId })
      .first();
    expect(skipped).toMatchObject({
      status: 'skipped',
      error: 'another ingestion run is in progress',
    });
    expect(await factTotals()).toMatchObject({ rows: 31, quantity: '744' });
  });

  it('quarantines malformed rows with their line and reason, and loads the valid ones', async () => {
    const source = new ScriptedSource('test');
    const good = monthOfUsage();
    const bad: CostSourceRow[] = [
      usageRow('2026-03-01', { quantity: '12,5', origin: 'file.csv:2' }),
      usageRow('2026-03-01', { quantity: 'NaN', origin: 'file.csv:3' }),
      usageRow('2026-03-01', {
        product: { ...good[0].product, unit: '' },
        origin: 'file.csv:4',
      }),
      usageRow('2026-04-01', { origin: 'file.csv:5' }),
      usageRow('2026-03-01', {
        product: { ...good[0].product, key: '' },
        origin: 'file.csv:6',
      }),
      usageRow('2026-03-01', {
        tags: { app: 'cart\uFFFDservice' },
        origin: 'file.csv:7',
      }),
      usageRow('2026-03-01', { quantity: '-3', origin: 'file.csv:8' }),
    ];
    source.rows.set(MONTH, [...good, ...bad]);
    const run = await runnerFor([source], {
      rejectThreshold: 0.5,
      dropThreshold: 0.5,
    }).run({
      trigger: 'manual',
      months: [MONTH],
    });
    expect(run.status).toBe('succeeded');
    expect(await factTotals()).toMatchObject({ rows: 31, quantity: '744' });
    const rejected = await knex('ingestion_rejected_row')
      .where({ run_id: run.runId })
      .orderBy('line')
      .select('line', 'reason');
    expect(rejected).toEqual([
      { line: 'file.csv:2', reason: "bad number: quantity '12,5'" },
      { line: 'file.csv:3', reason: "bad number: quantity 'NaN'" },
      { line: 'file.csv:4', reason: 'unknown unit: the product has no unit' },
      {
        line: 'file.csv:5',
        reason: 'date outside the month: 2026-04-01 is not in 2026-03',
      },
      { line: 'file.csv:6', reason: 'missing column: product.key' },
      { line: 'file.csv:7', reason: 'wrong encoding: text is not valid UTF-8' },
      { line: 'file.csv:8', reason: 'negative quantity: -3 Hrs' },
    ]);
    expect(await loadsOf(run.runId)).toEqual([
      expect.objectContaining({
        status: 'succeeded',
        rows_read: '38',
        rows_loaded: '31',
        rows_rejected: '7',
      }),
    ]);
  });

  it('does not replace a month when too many rows are rejected, an empty result or a sharp drop', async () => {
    const source = new ScriptedSource('test');
    source.rows.set(MONTH, monthOfUsage());
    const runner = runnerFor([source]);
    await runner.run({ trigger: 'manual', months: [MONTH] });

    // Too many rejects (10 of 31 > 5 %).
    source.rows.set(
      MONTH,
      monthOfUsage('48', '4.608').map((row, i) =>
        i < 10 ? { ...row, quantity: 'x' } : row,
      ),
    );
    const rejects = await runner.run({ trigger: 'manual', months: [MONTH] });
    expect((await loadsOf(rejects.runId))[0]).toMatchObject({
      status: 'refused',
    });
    expect((await loadsOf(rejects.runId))[0].detail).toMatch(
      /32.3 % of the rows were rejected/,
    );
    expect(await factTotals()).toMatchObject({ quantity: '744' });

    // Empty.
    source.rows.set(MONTH, []);
    const empty = await runner.run({ trigger: 'manual', months: [MONTH] });
    expect((await loadsOf(empty.runId))[0].detail).toMatch(
      /no rows for a month that has data/,
    );
    expect(await factTotals()).toMatchObject({ quantity: '744' });

    // −75 %.
    source.rows.set(MONTH, monthOfUsage('6', '0.576'));
    const drop = await runner.run({ trigger: 'manual', months: [MONTH] });
    expect((await loadsOf(drop.runId))[0].detail).toMatch(
      /would fall from 71.424 to 17.856/,
    );
    expect(await factTotals()).toMatchObject({ quantity: '744' });

    // Unless told to.
    const forced = await runner.run({
      trigger: 'manual',
      months: [MONTH],
      force: true,
    });
    expect((await loadsOf(forced.runId))[0]).toMatchObject({
      status: 'succeeded',
    });
    expect(await factTotals()).toMatchObject({ quantity: '186' });
  });

  it('maps rows by tag, then by account, and the rest to unallocated', async () => {
    const source = new ScriptedSource('test');
    source.rows.set(MONTH, [
      usageRow('2026-03-01', { tags: { app: 'Cart-Service' } }),
      usageRow('2026-03-02', { tags: {}, account: { key: '333333333333' } }),
      usageRow('2026-03-03', { tags: { env: 'prod' } }),
    ]);
    await runnerFor([source]).run({ trigger: 'manual', months: [MONTH] });
    const mapped = await knex('fact_consumption as f')
      .join('dim_application as a', 'a.application_id', 'f.application_id')
      .orderBy('f.day')
      .pluck('a.application_key');
    expect(mapped).toEqual([
      'component:default/cart-service',
      'component:default/ledger-service',
      'unallocated',
    ]);
  });

  it('writes actual prices that reproduce each source-month billed total to the cent', async () => {
    const a = new ScriptedSource('a');
    const b = new ScriptedSource('b');
    // Awkward rates: 10 / 3 per unit, a tiny per-request price, and an amount without quantity.
    a.rows.set(MONTH, [
      ...daysOf(MONTH).map(day =>
        usageRow(day, { quantity: '3', billedAmount: '10' }),
      ),
      usageRow('2026-03-01', {
        product: {
          key: 'aws:lambda:requests',
          name: 'Requests',
          unit: 'Requests',
          provider: 'aws',
          service: 'AWSLambda',
          familyKey: 'serverless',
        },
        quantity: '123456789',
        billedAmount: '24.6913578',
      }),
      usageRow('2026-03-01', {
        product: {
          key: 'aws:support',
          name: 'Support',
          unit: 'Hrs',
          provider: 'aws',
          service: 'AWSSupport',
          familyKey: 'support',
        },
        quantity: '0',
        billedAmount: '129.99',
        tags: {},
      }),
    ]);
    b.rows.set(
      MONTH,
      daysOf(MONTH).map(day =>
        usageRow(day, { quantity: '7', billedAmount: '1.01' }),
      ),
    );
    await runnerFor([a, b]).run({ trigger: 'manual', months: [MONTH] });

    const { rows } = await knex.raw(
      `SELECT f.source_key, round(sum(f.quantity * r.unit_price), 2)::text AS cost
         FROM fact_consumption f
         JOIN pricing_rule r ON r.product_id = f.product_id AND r.valid_from = f.period_month
         JOIN pricing_view v ON v.pricing_view_id = r.pricing_view_id AND v.view_key = 'actual'
        GROUP BY f.source_key ORDER BY f.source_key`,
    );
    const billed = (source: ScriptedSource) =>
      source.rows
        .get(MONTH)!
        .reduce((sum, row) => sum.plus(row.billedAmount!), new Decimal(0))
        .toFixed(2);
    expect(rows).toEqual([
      { source_key: 'a', cost: billed(a) },
      { source_key: 'b', cost: billed(b) },
    ]);
    // The amount without a quantity is metered in currency: quantity = amount, price = 1.
    const support = await knex('dim_product as p')
      .join('pricing_rule as r', 'r.product_id', 'p.product_id')
      .where('p.product_key', 'a/aws:support:amount')
      .first('p.unit', 'r.unit_price');
    expect(support.unit).toBe('USD');
    expect(new Decimal(support.unit_price).toFixed()).toBe('1');
  });
  describe('an empty catalog (issue 17, 11)', () => {
    it('does not hold a COPY open while a source prepares its first row', async () => {
      const source = new ScriptedSource('test');
      source.rows.set(MONTH, monthOfUsage());
      const openCopies: number[] = [];
      source.beforeRow = async index => {
        if (index === 1) {
          // What a source may do before its rows (read a catalog, a file, a first page).
          const { rows } = await knex.raw(
            `SELECT count(*)::int AS n FROM pg_stat_activity
              WHERE datname = current_database() AND query LIKE 'COPY finops_stage%'
                AND state <> 'idle' AND pid <> pg_backend_pid()`,
          );
          openCopies.push(rows[0].n);
        }
      };
      const run = await runnerFor([source]).run({
        trigger: 'manual',
        months: [MONTH],
      });
      expect(run.status).toBe('succeeded');
      expect(openCopies).toEqual([0]);
      expect(await factTotals()).toMatchObject({ rows: 31, quantity: '744' });
    });

    it('loads at once, everything unallocated, says why and keeps the month open', async () => {
      const source = new ScriptedSource('test');
      source.rows.set(MONTH, monthOfUsage());
      const logger = mockServices.logger.mock();
      let reads = 0;
      const runner = new IngestionRunner({
        store: DatabaseIngestionStore.create({ knex }),
        logger,
        sources: [source],
        readApplications: async () => {
          reads += 1;
          return syncApplications(knex, []);
        },
        guards: { rejectThreshold: 0.05, dropThreshold: 0.5 },
        now: () => new Date('2026-04-10T12:00:00Z'),
      });

      const run = await runner.run({ trigger: 'manual' });
      expect(run.status).toBe('succeeded');
      expect(reads).toBe(1);
      expect(run.loads.map(load => [load.month, load.detail])).toEqual([
        ['2026-03', CATALOG_EMPTY],
        [
          '2026-04',
          `the source returned no loadable rows for this month; ${CATALOG_EMPTY}`,
        ],
      ]);
      expect(logger.warn).toHaveBeenCalledWith(
        `Ingestion run ${run.runId}: ${CATALOG_EMPTY}`,
      );
      const facts = await knex('fact_consumption as f')
        .join('dim_application as a', 'a.application_id', 'f.application_id')
        .groupBy('a.application_key')
        .select('a.application_key', knex.raw('count(*)::int AS rows'));
      expect(facts).toEqual([{ application_key: 'unallocated', rows: 31 }]);
      expect(
        (await loadsOf(run.runId)).map(load => [load.detail, load.is_final]),
      ).toEqual([
        [CATALOG_EMPTY, false],
        [
          `the source returned no loadable rows for this month; ${CATALOG_EMPTY}`,
          false,
        ],
      ]);

      // Once the catalog has components, the next run maps the month that stayed open.
      const mapped = new IngestionRunner({
        store: DatabaseIngestionStore.create({ knex }),
        logger,
        sources: [source],
        readApplications: () => syncApplications(knex, COMPONENTS),
        guards: { rejectThreshold: 0.05, dropThreshold: 0.5 },
        now: () => new Date('2026-04-10T12:00:00Z'),
      });
      const next = await mapped.run({ trigger: 'schedule' });
      expect(next.loads.map(load => load.month)).toEqual([
        '2026-03',
        '2026-04',
      ]);
      expect(
        await knex('fact_consumption as f')
          .join('dim_application as a', 'a.application_id', 'f.application_id')
          .distinct('a.entity_ref'),
      ).toEqual([{ entity_ref: 'component:default/cart-service' }]);
      expect((await loadsOf(next.runId))[0]).toMatchObject({
        detail: null,
        is_final: true,
      });
    });
  });

  describe('the lease of a run (issue 17, 2)', () => {
    /** A run left `running` by a process that died: its last heartbeat `ago` (an SQL interval). */
    async function orphan(ago: string) {
      const [row] = await knex('ingestion_run')
        .insert({
          trigger: 'manual',
          status: 'running',
          started_at: knex.raw(`now() - ?::interval`, [ago]),
          heartbeat_at: knex.raw(`now() - ?::interval`, [ago]),
        })
        .returning('run_id');
      return Number(row.run_id);
    }

    it('marks a run whose heartbeat is older than the lease failed (abandoned) when the next run starts', async () => {
      const killed = await orphan('10 minutes');
      const alive = await orphan('5 seconds');
      const source = new ScriptedSource('test');
      source.rows.set(MONTH, monthOfUsage());
      const result = await runnerFor([source]).run({
        trigger: 'manual',
        months: [MONTH],
      });
      expect(result.status).toBe('succeeded');
      expect(
        await knex('ingestion_run').where({ run_id: killed }).first(),
      ).toMatchObject({
        status: 'failed',
        error: expect.stringMatching(/^abandoned/),
        finished_at: expect.any(Date),
      });
      // A run that still beats is somebody else's live run: left alone.
      expect(
        await knex('ingestion_run').where({ run_id: alive }).first(),
      ).toMatchObject({ status: 'running', finished_at: null });
    });

    it('marks abandoned runs at start-up, with a lease the caller chooses', async () => {
      const killed = await orphan('90 seconds');
      const logger = mockServices.logger.mock();
      expect(
        await markAbandonedRuns({ knex, logger, abandonAfterMs: 120_000 }),
      ).toEqual([]);
      expect(
        await markAbandonedRuns({ knex, logger, abandonAfterMs: 60_000 }),
      ).toEqual([killed]);
      expect(
        await knex('ingestion_run').where({ run_id: killed }).first(),
      ).toMatchObject({
        status: 'failed',
        error: expect.stringMatching(/^abandoned/),
      });
    });

    it('refreshes its heartbeat while it runs', async () => {
      const source = new ScriptedSource('test');
      source.rows.set(MONTH, monthOfUsage());
      const beats: Date[] = [];
      source.beforeRow = async index => {
        if (index === 1 || index === 31) {
          const row = await knex('ingestion_run')
            .where({ status: 'running' })
            .first('heartbeat_at');
          beats.push(row.heartbeat_at);
        }
        await new Promise(resolve => setTimeout(resolve, 10));
      };
      const runner = new IngestionRunner({
        store: DatabaseIngestionStore.create({ knex }),
        logger: mockServices.logger.mock(),
        sources: [source],
        readApplications: () => syncApplications(knex, COMPONENTS),
        guards: { rejectThreshold: 0.05, dropThreshold: 0.5 },
        now: () => new Date('2026-04-10T12:00:00Z'),
        heartbeatIntervalMs: 20,
      });
      expect(
        (await runner.run({ trigger: 'manual', months: [MONTH] })).status,
      ).toBe('succeeded');
      expect(beats).toHaveLength(2);
      expect(beats[1].getTime()).toBeGreaterThan(beats[0].getTime());
    });
  });
});
