import {
  domainUpdateSchema,
  finopsDomainUpdatePermission,
} from '@finops-backstage/plugin-finops-common';
import Router from 'express-promise-router';
import { z } from 'zod';
import { RouterOptions } from '../RouterOptions';
import { parseInput } from '../validation';
import { writeAction } from '../writeAction';

/** Cost domains: list, change mode and indirect method. */
export function domainRoutes(options: RouterOptions) {
  const { domains } = options;
  const router = Router();

  router.get('/domains', async (_req, res) => {
    res.json({ items: await domains.listDomains() });
  });

  router.patch('/domains/:key', async (req, res) => {
    const key = parseInput(
      z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/, 'must be a domain key'),
      req.params.key,
      'domain key',
    );
    const update = parseInput(domainUpdateSchema, req.body, 'body');
    const domain = await writeAction(
      options,
      req,
      {
        permission: finopsDomainUpdatePermission,
        eventId: 'domain-update',
        meta: { key },
      },
      actor => domains.updateDomain(key, update, actor),
    );
    res.json(domain);
  });

  return router;
}
