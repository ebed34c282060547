import { InputError } from '@backstage/errors';
import {
  OverviewFilterValues,
  overviewQuerySchema,
} from '@finops-backstage/plugin-finops-common';
import Router from 'express-promise-router';
import { RouterOptions } from '../RouterOptions';
import { parseInput } from '../validation';

const FILTERS = ['cloud', 'account', 'category'] as const;

/** `GET /overview`: the whole estate for the FinOps page. */
export function overviewRoutes(options: RouterOptions) {
  const { costs, pricing } = options;
  const now = options.now ?? (() => new Date());
  const router = Router();
  router.get('/overview', async (req, res) => {
    const query = parseInput(overviewQuerySchema, req.query, 'query');
    const { id: viewId, view } = await pricing.resolveView(query.view);
    const filterValues: OverviewFilterValues =
      await costs.overviewFilterValues();
    for (const filter of FILTERS) {
      const value = query[filter];
      const valid = filterValues[filter];
      if (value !== undefined && !valid.some(({ key }) => key === value)) {
        throw new InputError(
          `query: unknown ${filter} '${value}'; valid values: ${
            valid.map(({ key }) => key).join(', ') || 'none'
          }`,
        );
      }
    }
    // Like for like: a period to date is compared with the previous one to the same day.
    const { current, previous } = await costs.comparedPeriods(
      { from: query.from, to: query.to, through: query.through },
      now(),
    );
    const overview = await costs.getOverview({
      viewId,
      ...current,
      previous,
      cloud: query.cloud,
      account: query.account,
      category: query.category,
    });
    res.json({
      view: { key: view.key, name: view.name, kind: view.kind },
      currency: view.currency,
      from: query.from,
      to: query.to,
      filters: {
        cloud: query.cloud,
        account: query.account,
        category: query.category,
      },
      filterValues,
      ...overview,
    });
  });
  return router;
}
