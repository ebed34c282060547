import { mockServices } from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';

/**
 * The root config of a route test: the batch scheduled far enough away that only the test starts
 * it, the test's own `finops` settings, and any other root keys it needs.
 */
export function finopsTestConfig(
  finops: JsonObject = {},
  root: JsonObject = {},
) {
  return mockServices.rootConfig.factory({
    data: {
      ...root,
      finops: {
        ingestion: {
          schedule: {
            frequency: { hours: 24 },
            timeout: { minutes: 5 },
            initialDelay: { hours: 1 },
          },
        },
        ...finops,
      },
    },
  });
}

/** Waits for an ingestion run started through the route to finish, and returns its row. */
export async function waitForRun(
  knex: Knex,
  runId: number,
  options: { attempts: number; intervalMs: number } = {
    attempts: 100,
    intervalMs: 100,
  },
) {
  for (let i = 0; i < options.attempts; i += 1) {
    const run = await knex('ingestion_run').where({ run_id: runId }).first();
    if (run.status !== 'running') return run;
    await new Promise(resolve => setTimeout(resolve, options.intervalMs));
  }
  throw new Error('run did not finish');
}
