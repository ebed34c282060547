import {
  finopsRunTriggerPermission,
  ingestionTriggerSchema,
  listLimitSchema,
} from '@internal/plugin-finops-common';
import Router from 'express-promise-router';
import { RouterOptions } from '../RouterOptions';
import { parseInput } from '../validation';
import { writeAction } from '../writeAction';

/** Ingestion runs: list them, start one by hand. */
export function ingestionRoutes(options: RouterOptions) {
  const { mart, runner, logger } = options;
  const router = Router();

  router.get('/ingestion/runs', async (req, res) => {
    const { limit } = parseInput(listLimitSchema, req.query, 'query');
    res.json({ items: await mart.listRuns(limit) });
  });

  router.post('/ingestion/runs', async (req, res) => {
    const request = parseInput(ingestionTriggerSchema, req.body ?? {}, 'body');
    const runId = await writeAction(
      options,
      req,
      {
        permission: finopsRunTriggerPermission,
        eventId: 'ingestion-trigger',
        meta: request,
      },
      async actorRef => {
        const id = await runner.createRun({
          trigger: 'manual',
          requestedBy: actorRef,
          ...request,
        });
        // The run goes on after the answer; its progress is in the ledger.
        runner
          .run({ trigger: 'manual', requestedBy: actorRef, ...request }, id)
          .catch(error => logger.error(`Ingestion run ${id} failed`, error));
        return id;
      },
    );
    res.status(202).json({ runId });
  });

  return router;
}
