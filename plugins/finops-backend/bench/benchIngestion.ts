/*
 * Ingestion benchmark: loads the demo source's 18 months into a fresh mart, then reloads one
 * month, and prints rows/s and the reload time including the views' refresh.
 *
 *   node .yarn/releases/yarn-4.13.0.cjs bench:ingestion
 *
 * It needs BACKSTAGE_TEST_DATABASE_POSTGRES18_CONNECTION_STRING (scripts/with-postgres.mjs sets it).
 */
import { Entity } from '@backstage/catalog-model';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { migrateMart } from '../src/database/operations/migrateMart';
import { DatabaseIngestionStore } from '../src/ingestion/DatabaseIngestionStore';
import { IngestionRunner } from '../src/ingestion/IngestionRunner';
import {
  applicationFromEntity,
  syncApplications,
} from '../src/ingestion/operations/syncApplications';
import { DemoCostSource } from '../src/sources/demo/DemoCostSource';
import { benchConnection, freshDatabase, quietLogger } from './benchDatabase';

async function main() {
  const knex = await freshDatabase(benchConnection(), {
    database: 'finops_bench',
    poolMax: 5,
    force: false,
  });
  await migrateMart(knex);

  const catalogFile = path.resolve(
    __dirname,
    '../../../examples/entities.yaml',
  );
  const components = parseAllDocuments(fs.readFileSync(catalogFile, 'utf8'))
    .map(doc => doc.toJS() as Entity)
    .filter(entity => entity?.kind === 'Component')
    .map(applicationFromEntity);

  const now = () => new Date();
  const runner = new IngestionRunner({
    store: DatabaseIngestionStore.create({ knex }),
    logger: quietLogger,
    sources: [new DemoCostSource({ months: 18, now })],
    readApplications: () => syncApplications(knex, components),
    guards: { rejectThreshold: 0.05, dropThreshold: 0.5 },
    now,
  });

  let started = process.hrtime.bigint();
  const full = await runner.run({ trigger: 'manual' });
  const fullSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rows = full.loads.reduce((sum, load) => sum + load.rowsLoaded, 0);
  const months = new Set(full.loads.map(load => load.month)).size;

  const previous = new Date(
    Date.UTC(now().getUTCFullYear(), now().getUTCMonth() - 1, 1),
  )
    .toISOString()
    .slice(0, 7);
  started = process.hrtime.bigint();
  const reload = await runner.run({
    trigger: 'manual',
    months: [previous],
    force: true,
  });
  const reloadSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const reloadRows = reload.loads.reduce(
    (sum, load) => sum + load.rowsLoaded,
    0,
  );

  console.log(
    `demo load: ${rows} rows over ${months} months in ${fullSeconds.toFixed(
      2,
    )} s = ${Math.round(rows / fullSeconds)} rows/s (status ${full.status})`,
  );
  console.log(
    `one month's reload (${previous}, ${reloadRows} rows) including the views' refresh: ${(
      reloadSeconds * 1000
    ).toFixed(0)} ms (status ${reload.status})`,
  );
  await knex.destroy();
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
