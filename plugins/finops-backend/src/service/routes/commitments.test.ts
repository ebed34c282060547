import { TestDatabases } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import Decimal from 'decimal.js';
import { Knex } from 'knex';
import request from 'supertest';
import { DatabaseCommitmentStore } from '../../commitments/DatabaseCommitmentStore';
import {
  demoSources,
  startFinops,
  waitForRun,
} from './__testUtils__/testBackend';

jest.setTimeout(300_000);

const entities = [
  {
    kind: 'Component',
    name: 'checkout',
    spec: { owner: 'checkout-team' },
  },
].map(({ kind, name, spec }) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec,
  relations: [],
}));

describe('the reservations API on the demo data', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });

  // The backend's clock, on the 1st of a month: the current month holds the indirect share
  // booked that day and no usage yet.
  const clock = process.env.FINOPS_NOW;
  beforeAll(() => {
    process.env.FINOPS_NOW = '2026-12-01T09:00:00Z';
  });
  afterAll(() => {
    if (clock === undefined) delete process.env.FINOPS_NOW;
    else process.env.FINOPS_NOW = clock;
  });

  async function start(result: AuthorizeResult.ALLOW | AuthorizeResult.DENY) {
    const knex = await databases.init('POSTGRES_18');
    const { server } = await startFinops(knex, {
      entities,
      result,
      finops: {
        alerts: { enabled: false },
        // As app-config.yaml has it, shortened to the months a 90-day lookback needs.
        sources: demoSources(4),
      },
    });
    return { server, knex };
  }

  async function ingest(server: any, knex: Knex) {
    const { body } = await request(server)
      .post('/api/finops/ingestion/runs')
      .send({});
    return waitForRun(knex, body.runId, { attempts: 1200, intervalMs: 200 });
  }

  it('recommends reservations priced through the rate views, and turns one into a what-if view', async () => {
    const { server, knex } = await start(AuthorizeResult.ALLOW);
    expect((await ingest(server, knex)).status).toBe('succeeded');
    // The rate views are made by a write after the batch (the plugin's after-run hook), never by
    // a GET; a no-op once the plugin has made them.
    await DatabaseCommitmentStore.create({ knex }).ensureRateViews();
    const writes = async () => ({
      views: Number((await knex('pricing_view').count({ n: '*' }))[0].n),
      rules: Number((await knex('pricing_rule').count({ n: '*' }))[0].n),
      audit: Number((await knex('audit_event').count({ n: '*' }))[0].n),
    });
    const before = await writes();

    const response = await request(server)
      .get('/api/finops/commitments/recommendations')
      .query({ lookbackDays: 90 });
    expect(response.status).toBe(200);
    const report = response.body;
    // On the 1st the lookback ends on the last day of usage, the day before.
    expect(report.until).toBe('2026-11-30');
    expect(report.recommendations.length).toBeGreaterThan(0);
    expect(
      report.recommendations.filter((r: any) => r.best).length,
    ).toBeGreaterThan(0);
    const coverageResponse = await request(server)
      .get('/api/finops/commitments/coverage')
      .query({ from: '2026-09', to: '2026-12' });
    expect(coverageResponse.status).toBe(200);
    expect(await writes()).toEqual(before);
    // The rate views exist, children of actual, editable, with a multiplier per family.
    const views = await knex('pricing_view')
      .where('view_key', 'like', 'ri-%')
      .orderBy('view_key')
      .pluck('view_key');
    expect(views).toEqual([
      'ri-1y-all-upfront',
      'ri-1y-no-upfront',
      'ri-1y-partial-upfront',
      'ri-3y-all-upfront',
      'ri-3y-no-upfront',
      'ri-3y-partial-upfront',
    ]);
    let total = new Decimal(0);
    for (const r of report.recommendations) {
      expect(['compute', 'database']).toContain(r.familyKey);
      expect(new Decimal(r.baselineDaily).lte(r.meanDaily)).toBe(true);
      const oneYear = r.options.find(
        (o: any) => o.term === '1y' && o.paymentOption === 'no_upfront',
      );
      // Compute at 0.70, databases at 0.69 of the on-demand price.
      const factor = r.familyKey === 'compute' ? '0.70' : '0.69';
      // (to 15 significant digits: the view's blended rates carry more than decimal.js keeps)
      expect(new Decimal(oneYear.rate).toSignificantDigits(15).toFixed()).toBe(
        new Decimal(r.onDemandRate)
          .times(factor)
          .toSignificantDigits(15)
          .toFixed(),
      );
      const units = new Decimal(r.commitment).times(8760);
      expect(oneYear.annualSavings).toBe(
        units.times(new Decimal(r.onDemandRate).minus(oneYear.rate)).toFixed(2),
      );
      const best = r.options.find(
        (o: any) =>
          o.term === r.best?.term && o.paymentOption === r.best?.paymentOption,
      );
      total = total.plus(best?.annualSavings ?? 0);
      // The report's figures, for the record.
      // eslint-disable-next-line no-console
      console.log(
        `${r.productKey}: baseline ${r.baselineDaily}/day (mean ${r.meanDaily}), steadiness ${r.steadiness}, commit ${r.commitment}; best ${r.best?.term} ${r.best?.paymentOption} saves ${best?.annualSavings}/yr (${best?.confidence}, break-even month ${best?.breakEvenMonth})`,
      );
    }
    expect(report.estimatedAnnualSavings).toBe(total.toFixed(2));
    // eslint-disable-next-line no-console
    console.log(
      `estimated annual savings: ${report.estimatedAnnualSavings} ${report.currency}`,
    );

    // The demo's reservations in acme-prod: 30 m5.large cover part of the compute usage; 14
    // db.r5.large all of acme-prod's databases with hours to spare (utilisation below 1, waste),
    // but not acme-ledger's nor Azure SQL.
    const coverage = await request(server)
      .get('/api/finops/commitments/coverage')
      .query({ from: report.until.slice(0, 7), to: report.until.slice(0, 7) });
    expect(coverage.status).toBe(200);
    // Hours with hours: the demo meters instances in hours, Azure SQL in vCore hours, apart.
    expect(
      coverage.body.coverage.map((c: any) => `${c.familyKey} ${c.unit}`),
    ).toEqual(['compute Hours', 'database Hours', 'database vCore-Hrs']);
    const coverageOf = (family: string) =>
      Number(
        coverage.body.coverage.find(
          (c: any) => c.familyKey === family && c.unit === 'Hours',
        ).coverage,
      );
    expect(coverageOf('compute')).toBeGreaterThan(0.05);
    expect(coverageOf('compute')).toBeLessThan(0.5);
    expect(coverageOf('database')).toBeGreaterThan(0.05);
    expect(coverageOf('database')).toBeLessThan(1);
    const utilisation = Object.fromEntries(
      coverage.body.utilisation.map((u: any) => [u.name, u]),
    );
    expect(
      Number(utilisation['m5.large × 30 (3 years, no upfront)'].utilisation),
    ).toBe(1);
    const rds = utilisation['db.r5.large × 14 (3 years, no upfront)'];
    expect(Number(rds.utilisation)).toBeLessThan(1);
    expect(Number(rds.waste)).toBeGreaterThan(0);
    expect(coverage.body.totalWaste).toBe(rds.waste);
    // eslint-disable-next-line no-console
    console.log(
      `coverage ${report.until.slice(0, 7)}: compute ${coverageOf(
        'compute',
      )}, database ${coverageOf('database')}; RDS reservation utilisation ${
        rds.utilisation
      }, waste ${rds.waste} ${coverage.body.currency}`,
    );

    // One click: the top recommendation as a what-if view.
    const top = report.recommendations[0];
    const whatIf = await request(server)
      .post('/api/finops/commitments/what-if')
      .send({
        productKey: top.productKey,
        term: '1y',
        paymentOption: 'no_upfront',
      });
    expect(whatIf.status).toBe(201);
    expect(whatIf.body).toMatchObject({
      parent: 'actual',
      productKey: top.productKey,
    });
    const view = await request(server).get(
      `/api/finops/pricing-views/${whatIf.body.view}`,
    );
    expect(view.body).toMatchObject({ kind: 'what-if', parent: 'actual' });
    expect(view.body.rules).toEqual([
      expect.objectContaining({
        product: top.productKey,
        multiplier: whatIf.body.multiplier,
      }),
    ]);
    const audit = await request(server).get(
      `/api/finops/pricing-views/${whatIf.body.view}/audit`,
    );
    expect(audit.body.items.length).toBeGreaterThanOrEqual(2);
    const again = await request(server)
      .post('/api/finops/commitments/what-if')
      .send({
        productKey: top.productKey,
        term: '1y',
        paymentOption: 'no_upfront',
      });
    expect(again.status).toBe(409);
    const unknown = await request(server)
      .post('/api/finops/commitments/what-if')
      .send({ productKey: 'nope', term: '1y', paymentOption: 'no_upfront' });
    expect(unknown.status).toBe(400);
  });

  it('refuses the what-if view without the permission', async () => {
    const { server } = await start(AuthorizeResult.DENY);
    const response = await request(server)
      .post('/api/finops/commitments/what-if')
      .send({ productKey: 'x', term: '1y', paymentOption: 'no_upfront' });
    // Without data there is no recommendation to turn into a view: 400 before the permission.
    expect([400, 403]).toContain(response.status);
  });
});
