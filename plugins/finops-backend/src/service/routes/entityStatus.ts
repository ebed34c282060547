import { entityStatusQuerySchema } from '@finops-backstage/plugin-finops-common';
import Router from 'express-promise-router';
import { RouterOptions } from '../RouterOptions';
import { parseInput } from '../validation';

/** `GET /entity-status?entityRef=`: whether the mart holds costs for an entity. */
export function entityStatusRoutes({ runs }: RouterOptions) {
  const router = Router();
  router.get('/entity-status', async (req, res) => {
    const { entityRef } = parseInput(
      entityStatusQuerySchema,
      req.query,
      'query',
    );
    res.json(await runs.getEntityStatus(entityRef));
  });
  return router;
}
