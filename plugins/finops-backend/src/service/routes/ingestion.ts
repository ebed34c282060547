import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  finopsRawRowsReadPermission,
  finopsRunTriggerPermission,
  ingestionTriggerSchema,
  listLimitSchema,
  pageSchema,
} from '@finops-backstage/plugin-finops-common';
import { InputError, NotFoundError } from '@backstage/errors';
import Router from 'express-promise-router';
import { runOutsideRequest } from '../../database/requestStatementTimeout';
import { RouterOptions } from '../RouterOptions';
import { parseId, parseInput, requireBodyType } from '../validation';
import { writeAction } from '../writeAction';

/**
 * The months a run is asked for: each once, none after the current month (there is no bill of
 * it yet, and a forced load would replace nothing with nothing). A 400 that says which.
 */
function checkRequestedMonths(months: string[] | undefined, now: Date) {
  const current = now.toISOString().slice(0, 7);
  const seen = new Set<string>();
  for (const [index, month] of (months ?? []).entries()) {
    if (seen.has(month)) {
      throw new InputError(
        `Invalid body: months.${index}: ${month} is listed twice`,
      );
    }
    if (month > current) {
      throw new InputError(
        `Invalid body: months.${index}: ${month} is after the current month (${current})`,
      );
    }
    seen.add(month);
  }
}

/** Ingestion runs: list them, start one by hand (some months, forced, for admins). */
export function ingestionRoutes(options: RouterOptions) {
  const { runs, runner, logger, httpAuth, permissions } = options;
  const router = Router();

  router.get('/ingestion/runs', async (req, res) => {
    const { limit } = parseInput(listLimitSchema, req.query, 'query');
    res.json({ items: await runs.listRuns(limit) });
  });

  router.get('/ingestion/runs/:runId', async (req, res) => {
    const runId = parseId(req.params.runId, 'run id');
    const { limit, offset } = parseInput(pageSchema, req.query, 'query');
    // Rejected rows hold what the bill says (accounts, resource ids, tag values): their content
    // is for finops.rawRows.read; everyone else gets their counts and reasons.
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize(
      [{ permission: finopsRawRowsReadPermission }],
      { credentials },
    );
    const rawRows = decision.result === AuthorizeResult.ALLOW;
    const run = await runs.getRun(runId, limit, offset, { rawRows });
    if (!run) {
      throw new NotFoundError(`No ingestion run ${runId}`);
    }
    res.json({ ...run, rawRowsWithheld: !rawRows });
  });

  router.post('/ingestion/runs', async (req, res) => {
    // A form or a text body is not an empty JSON body: refused, not read as `{}`.
    requireBodyType(req, ['application/json']);
    const request = parseInput(ingestionTriggerSchema, req.body ?? {}, 'body');
    checkRequestedMonths(request.months, (options.now ?? (() => new Date()))());
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
        // The run goes on after the answer; its progress is in the ledger. It is the batch,
        // not the request: its queries have no request statement timeout.
        runOutsideRequest(() =>
          runner
            .run({ trigger: 'manual', requestedBy: actorRef, ...request }, id)
            .catch(error => logger.error(`Ingestion run ${id} failed`, error)),
        );
        return id;
      },
    );
    res.status(202).json({ runId });
  });

  return router;
}
