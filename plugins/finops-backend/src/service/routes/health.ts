import { FinopsHealth } from '@finops-backstage/plugin-finops-common';
import Router from 'express-promise-router';
import { RouterOptions } from '../RouterOptions';

/** How long /health waits for the mart before it answers degraded. */
const HEALTH_TIMEOUT_MS = 5_000;

/** What /health answers when the mart does not: nothing about why (that is in the log). */
export interface FinopsHealthDegraded {
  status: 'degraded';
}

/**
 * `GET /health` (open): 200 `ok` with what the mart holds, or 503 `degraded` when the mart does
 * not answer within 5 seconds. The cause (address, driver error) goes to the log, never to the
 * body: the route needs no credentials.
 */
export function healthRoutes({ runs, sourceKeys, logger }: RouterOptions) {
  const router = Router();
  router.get('/health', async (_req, res) => {
    let timer: NodeJS.Timeout | undefined;
    try {
      const status = await Promise.race([
        runs.getStatus(),
        new Promise<never>((_resolve, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer in ${HEALTH_TIMEOUT_MS} ms`)),
            HEALTH_TIMEOUT_MS,
          );
        }),
      ]);
      const body: FinopsHealth = {
        status: 'ok',
        schemaVersion: status.schemaVersion,
        sources: sourceKeys,
        hasData: status.hasData,
        lastIngestionAt: status.lastIngestionAt?.toISOString(),
      };
      res.json(body);
    } catch (error) {
      logger.warn(
        `FinOps health degraded: the mart does not answer`,
        error as Error,
      );
      const body: FinopsHealthDegraded = { status: 'degraded' };
      res.status(503).set('Retry-After', '10').json(body);
    } finally {
      clearTimeout(timer);
    }
  });
  return router;
}
