import { FinopsHealth } from '@internal/plugin-finops-common';
import Router from 'express-promise-router';
import { RouterOptions } from '../RouterOptions';

/** `GET /health`: the mart answers, and what it holds. */
export function healthRoutes({ mart, sourceKeys }: RouterOptions) {
  const router = Router();
  router.get('/health', async (_req, res) => {
    const status = await mart.getStatus();
    const body: FinopsHealth = {
      status: 'ok',
      schemaVersion: status.schemaVersion,
      sources: sourceKeys,
      hasData: status.hasData,
      lastIngestionAt: status.lastIngestionAt?.toISOString(),
    };
    res.json(body);
  });
  return router;
}
