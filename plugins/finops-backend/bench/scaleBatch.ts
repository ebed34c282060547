/*
 * The real batch (IngestionRunner) on the scale estate: loads of months and reloads of one month,
 * timed, with the peak resident memory of this process while the batch runs.
 */
import { Knex } from 'knex';
import { DatabaseIngestionStore } from '../src/ingestion/DatabaseIngestionStore';
import { IngestionRunner, RunRequest } from '../src/ingestion/IngestionRunner';
import {
  ApplicationFromCatalog,
  syncApplications,
} from '../src/ingestion/operations/syncApplications';
import { quietLogger } from './benchDatabase';
import { ScaleOptions, ScaleSource } from './ScaleEstate';
import { seconds } from './timing';

/**
 * Peak resident memory of this process while the batch runs in it (between `resume` and
 * `pause`), sampled every 100 ms.
 */
function memorySampler() {
  let peak = 0;
  let active = false;
  const timer = setInterval(() => {
    if (active) peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  return {
    resume: () => {
      active = true;
    },
    pause: () => {
      active = false;
    },
    peakMiB: () => Math.round(peak / 1024 / 1024),
    stop: () => clearInterval(timer),
  };
}

export function createScaleBatch({
  knex,
  source,
  components,
  options,
}: {
  knex: Knex;
  source: ScaleSource;
  components: ApplicationFromCatalog[];
  options: ScaleOptions;
}) {
  const runner = new IngestionRunner({
    store: DatabaseIngestionStore.create({ knex }),
    logger: quietLogger,
    sources: [source],
    readApplications: () => syncApplications(knex, components),
    guards: { rejectThreshold: 0.05, dropThreshold: 0.5 },
    now: () => new Date(`${options.lastMonth}-20T00:00:00Z`),
  });
  const memory = memorySampler();
  /** One run of the batch, its memory sampled and its time measured. */
  const timedRun = async (request: RunRequest) => {
    memory.resume();
    const started = process.hrtime.bigint();
    const result = await runner.run(request);
    const took = seconds(started);
    memory.pause();
    return { result, took };
  };
  return {
    /** Loads `months` through the batch: the rows loaded and the seconds it took. */
    async load(months: string[]) {
      const { result, took } = await timedRun({ trigger: 'manual', months });
      if (result.status !== 'succeeded') {
        throw new Error(
          `load ${result.status}: ${JSON.stringify(
            result.loads.filter(l => l.status !== 'succeeded'),
          )}`,
        );
      }
      const rows = result.loads.reduce((sum, l) => sum + l.rowsLoaded, 0);
      return { rows, seconds: took, months: months.length };
    },
    /** Loads `month` again (forced): the seconds it took. */
    async reload(month: string) {
      const { result, took } = await timedRun({
        trigger: 'manual',
        months: [month],
        force: true,
      });
      if (result.status !== 'succeeded')
        throw new Error(`reload ${result.status}`);
      return took;
    },
    peakMiB: memory.peakMiB,
    stop: memory.stop,
  };
}
