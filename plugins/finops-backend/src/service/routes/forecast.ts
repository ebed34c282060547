import { forecastQuerySchema } from '@finops-backstage/plugin-finops-common';
import Router from 'express-promise-router';
import { FORECAST_METHOD } from '../../forecast/forecastDaily';
import { forecastScope } from '../../forecast/forecastScope';
import { RouterOptions } from '../RouterOptions';
import { parseInput } from '../validation';

/** `GET /forecast` of an entity or of the estate: this month and the next three. */
export function forecastRoutes(options: RouterOptions) {
  const { pricing, httpAuth } = options;
  const router = Router();
  const today = () =>
    (options.now?.() ?? new Date()).toISOString().slice(0, 10);

  router.get('/forecast', async (req, res) => {
    const query = parseInput(forecastQuerySchema, req.query, 'query');
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { id: viewId, view } = await pricing.resolveView(query.view);
    const result = await forecastScope(
      options,
      query.entityRef
        ? { scopeType: 'entity', scopeRef: query.entityRef }
        : { scopeType: 'estate' },
      viewId,
      today(),
      credentials,
    );
    res.json({
      entityRef: query.entityRef,
      view: view.key,
      currency: view.currency,
      method: FORECAST_METHOD,
      ...result,
    });
  });

  return router;
}
