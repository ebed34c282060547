import {
  anomaliesQuerySchema,
  lastDayOf,
} from '@finops-backstage/plugin-finops-common';
import Router from 'express-promise-router';
import { ANOMALY_METHOD } from '../../anomalies/detectAnomalies';
import { findAnomalies } from '../../anomalies/findAnomalies';
import { addDays } from '../../forecast/dailySeries';
import { RouterOptions } from '../RouterOptions';
import { parseInput } from '../validation';

/** `GET /anomalies` of an entity or of the estate. */
export function anomalyRoutes(options: RouterOptions) {
  const { pricing, httpAuth } = options;
  const router = Router();
  const today = () =>
    (options.now?.() ?? new Date()).toISOString().slice(0, 10);

  router.get('/anomalies', async (req, res) => {
    const query = parseInput(anomaliesQuerySchema, req.query, 'query');
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { id: viewId, view } = await pricing.resolveView(query.view);
    const yesterday = addDays(today(), -1);
    const end = lastDayOf(query.to);
    const anomalies = await findAnomalies(
      options,
      query.entityRef
        ? { scopeType: 'entity', scopeRef: query.entityRef }
        : { scopeType: 'estate' },
      viewId,
      `${query.from}-01`,
      end < yesterday ? end : yesterday,
      credentials,
    );
    res.json({
      entityRef: query.entityRef,
      view: view.key,
      from: query.from,
      to: query.to,
      method: ANOMALY_METHOD,
      anomalies,
    });
  });

  return router;
}
