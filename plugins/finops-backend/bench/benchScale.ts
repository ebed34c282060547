/*
 * The scale benchmark: a large deterministic estate loaded through the real batch, then served by
 * the real backend under load, at several sizes of history.
 *
 *   node .yarn/releases/yarn-4.13.0.cjs bench:scale            # full size: 24 months, ≈10 M rows
 *   node .yarn/releases/yarn-4.13.0.cjs bench:scale --smoke    # a small estate, in a minute or two
 *   options: --duration <seconds of load per endpoint, default 15> --no-http
 *            --scale 1m,3m,10m  ask the questions after loading about that many rows (months of
 *                               the same estate; default: half the months, then all)
 *            --months <n>       months of history (default 24; 72 make ≈30 M rows)
 *            --trace-sql        the SQL time of each load and reload, by statement
 *
 * It needs BACKSTAGE_TEST_DATABASE_POSTGRES18_CONNECTION_STRING (scripts/with-postgres.mjs sets it).
 * It prints a table and writes every figure to bench-results/scale-<size>.json.
 *
 * This file runs the phases in order; each lives beside it: scaleArguments (the command line),
 * ScaleEstate (the estate), scaleBatch and rawCopy (loading and its limit), createViews,
 * startBackend, scaleQuestions and measureEndpoints (the HTTP load), summaryQueryTimes and
 * explainQueries (the SQL checks), scaleReport (the JSON, the plans and the table).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify as toYaml } from 'yaml';
import { migrateMart } from '../src/database/operations/migrateMart';
import { applicationFromEntity } from '../src/ingestion/operations/syncApplications';
import { benchConnection, freshDatabase } from './benchDatabase';
import { createViews } from './createViews';
import { summaryQueryTimes } from './summaryQueryTimes';
import { explainQueries } from './explainQueries';
import { Latency, measureEndpoints } from './measureEndpoints';
import { rawCopy } from './rawCopy';
import { scaleArguments, scaleSteps } from './scaleArguments';
import { createScaleBatch } from './scaleBatch';
import { ScaleSource, monthsBack, scaleCatalog } from './ScaleEstate';
import { scaleEndpoints } from './scaleQuestions';
import { StepFigures, reportScale } from './scaleReport';
import { Backend, startBackend } from './startBackend';
import { log } from './timing';
import { traceSql } from './traceSql';

const DATABASE = 'backstage_plugin_finops';

async function main() {
  const { smoke, http, duration, scale, options, ...flags } = scaleArguments(
    process.argv.slice(2),
  );
  const printTrace = flags.traceSql ? traceSql() : undefined;
  const connection = benchConnection();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'finops-bench-'));
  const knex = await freshDatabase(connection, {
    database: DATABASE,
    poolMax: 10,
    force: true,
  });
  await migrateMart(knex);

  const catalog = scaleCatalog(options);
  const catalogFile = path.join(work, 'catalog.yaml');
  fs.writeFileSync(
    catalogFile,
    catalog.map(entity => toYaml(entity)).join('---\n'),
  );
  const components = catalog
    .filter(entity => entity.kind === 'Component')
    .map(applicationFromEntity);

  const source = new ScaleSource(options);
  const months = monthsBack(options.lastMonth, options.months);
  const expectedRows = months.reduce(
    (sum, month) => sum + source.rowsIn(month),
    0,
  );
  log(
    `estate: ${months.length} months (${months[0]} … ${
      months[months.length - 1]
    }), ${options.applications} applications, ${
      options.divisions * (options.teamsPerDivision + 1)
    } groups, ${options.products} products, ${expectedRows} rows`,
  );

  const batch = createScaleBatch({ knex, source, components, options });
  // The oldest month is held at every step: its reload is the same work as history grows.
  const reloadMonth = months[0];

  const steps = scaleSteps(scale, source, months);
  const stepFigures: StepFigures[] = [];
  let held = 0;
  let loadedRows = 0;
  let loadSeconds = 0;
  let actualId = 0;
  let backend: Backend | undefined;
  let summaries: Awaited<ReturnType<typeof summaryQueryTimes>> | undefined;
  let explain: Awaited<ReturnType<typeof explainQueries>> | undefined;
  try {
    for (const count of steps) {
      log(`loading months ${held + 1}–${count} through the batch`);
      const loaded = await batch.load(months.slice(held, count));
      held = count;
      loadedRows += loaded.rows;
      loadSeconds += loaded.seconds;
      log(`… ${loaded.rows} rows in ${loaded.seconds.toFixed(1)} s`);
      printTrace?.(`months ${count - loaded.months + 1}–${count}`);
      if (!actualId) {
        await createViews(knex, months[0]);
        ({ pricing_view_id: actualId } = await knex('pricing_view')
          .where({ view_key: 'actual' })
          .first('pricing_view_id'));
      }
      // The month restated (every DIRECT quantity changed), then delivered again unchanged.
      source.revision += 1;
      const restatedReloadSeconds = await batch.reload(reloadMonth);
      log(
        `reload of ${reloadMonth} restated, with ${held} months held: ${restatedReloadSeconds.toFixed(
          2,
        )} s`,
      );
      printTrace?.(`the restated reload with ${held} months held`);
      const reloadSeconds = await batch.reload(reloadMonth);
      log(
        `reload of ${reloadMonth} unchanged, with ${held} months held: ${reloadSeconds.toFixed(
          2,
        )} s`,
      );
      printTrace?.(`the unchanged reload with ${held} months held`);
      await knex.raw('ANALYZE');
      const factRows = Number(
        (await knex('fact_consumption').count({ n: '*' }))[0].n,
      );
      let endpoints: Latency[] = [];
      if (http) {
        backend ??= await startBackend(
          connection,
          catalogFile,
          months.slice(0, held),
          options,
        );
        endpoints = await measureEndpoints(
          backend,
          scaleEndpoints(months.slice(0, held), options),
          duration,
        );
      }
      stepFigures.push({
        months: held,
        factRows,
        reloadSeconds,
        restatedReloadSeconds,
        endpoints,
      });
    }
    log('entity, group and overview: summaries vs facts');
    summaries = await summaryQueryTimes(knex, actualId, months, options);
    for (const [what, times] of Object.entries(summaries)) {
      log(
        `… ${what}: summary ${times.summaryMs.toFixed(
          1,
        )} ms, facts ${times.rawMs.toFixed(1)} ms (×${times.ratio.toFixed(1)})`,
      );
    }
    log('EXPLAIN ANALYZE of the overview and a group query');
    explain = await explainQueries(knex, actualId, months, options);
    for (const statement of explain.statements) {
      log(`… ${statement.ms} ms  ${statement.what}: ${statement.sql}`);
    }
  } finally {
    backend?.stop();
  }
  const peakLoadMiB = batch.peakMiB();
  batch.stop();
  log(`peak RSS of the batch: ${peakLoadMiB} MiB`);
  const batchRate = loadedRows / loadSeconds;

  const copyMonths = months.slice(-Math.min(3, months.length));
  log(
    `raw COPY of the rows of ${copyMonths.length} months into an unindexed table`,
  );
  const copy = await rawCopy(knex, source, copyMonths);
  const copyRate = copy.rows / copy.seconds;
  log(
    `… ${Math.round(copyRate)} rows/s; the batch loaded ${Math.round(
      batchRate,
    )} rows/s, ${((100 * batchRate) / copyRate).toFixed(0)} % of it`,
  );
  await knex.destroy();

  reportScale({
    smoke,
    duration,
    options,
    steps: stepFigures,
    loadedRows,
    loadSeconds,
    copy,
    peakLoadMiB,
    reloadMonth,
    summaries: summaries!,
    explain: explain!,
  });
  fs.rmSync(work, { recursive: true, force: true });
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
