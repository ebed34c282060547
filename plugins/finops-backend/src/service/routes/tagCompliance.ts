import { tagComplianceQuerySchema } from '@finops-backstage/plugin-finops-common';
import Router from 'express-promise-router';
import { RouterOptions } from '../RouterOptions';
import { parseInput } from '../validation';

/** Tag compliance of a month: how much of the cost carries the mandatory tags. */
export function tagComplianceRoutes(options: RouterOptions) {
  const { tagCompliance, pricing, httpAuth } = options;
  const router = Router();

  router.get('/tag-compliance', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const query = parseInput(tagComplianceQuerySchema, req.query, 'query');
    const { id: viewId, view } = await pricing.resolveView(query.view);
    res.json(
      await tagCompliance.report({
        month: query.month,
        viewId,
        view,
        limit: query.limit,
        trendMonths: query.trendMonths,
      }),
    );
  });

  return router;
}
