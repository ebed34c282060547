import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  BusinessMetricsResponse,
  UnitCostsResponse,
  businessMetricsQuerySchema,
  monthsBetween,
  unitCostsQuerySchema,
} from '@finops-backstage/plugin-finops-common';
import Router from 'express-promise-router';
import { unitCostFigures } from '../../metrics/unitCostFigures';
import { RouterOptions } from '../RouterOptions';
import { parseInput } from '../validation';
import { monthTotals } from '../../costs/monthTotals';

/**
 * Unit economics. `GET /unit-costs`: an entity's cost per unit of one of its business metrics,
 * month by month, and the change from the first month to the last split into volume and
 * efficiency. The costs are those of `GET /costs` (the cost store's `getCosts`, the same call).
 * `GET /business-metrics`: the entities that have a metric, as the catalog shows them to the
 * caller, with their months of values up to the current one, and the last load of each metric
 * source. Who may read is decided as for `GET /costs`:
 * the caller's credentials, then the entity as the catalog shows it to the caller.
 */
export function unitCostRoutes(options: RouterOptions) {
  const { costs, pricing, httpAuth, catalog, metrics } = options;
  const router = Router();

  router.get('/unit-costs', async (req, res) => {
    const query = parseInput(unitCostsQuerySchema, req.query, 'query');
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const applicationIds = await costs.applicationsOf(
      query.entityRef,
      credentials,
    );
    const { id: viewId, view } = await pricing.resolveView(query.view);
    const metric = await metrics.monthlyValues(
      query.entityRef,
      query.metric,
      query.from,
      query.to,
    );
    if (!metric) {
      const known = await metrics.listMetrics(query.entityRef);
      throw new NotFoundError(
        `${query.entityRef} has no business metric '${query.metric}'; ${
          known.length > 0
            ? `its metrics: ${known.map(item => item.metric).join(', ')}`
            : 'it has none'
        }`,
      );
    }
    const result = await costs.getCosts({
      applicationIds,
      viewId,
      from: query.from,
      to: query.to,
      granularity: 'month',
      groupBy: 'domain',
    });
    // A month's cost is the sum of its rows: what GET /costs answers as the total of that month.
    const monthly = new Map(
      [...monthTotals(result.rows)].map(([month, cost]) => [
        month,
        cost.toFixed(2),
      ]),
    );
    const answer: UnitCostsResponse = {
      entityRef: query.entityRef,
      metric: { key: query.metric, unit: metric.unit },
      view: { key: view.key, name: view.name, kind: view.kind },
      currency: view.currency,
      from: query.from,
      to: query.to,
      ...unitCostFigures({
        months: monthsBetween(query.from, query.to),
        costs: monthly,
        values: metric.values,
        total: result.total,
      }),
    };
    res.json(answer);
  });

  router.get('/business-metrics', async (req, res) => {
    const query = parseInput(businessMetricsQuerySchema, req.query, 'query');
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const items = await metrics.listMetrics(query.entityRef);
    const refs = [...new Set(items.map(item => item.entityRef))];
    // Only the entities the catalog shows the caller.
    const visible = new Set<string>();
    if (refs.length > 0) {
      const { items: entities } = await catalog.getEntitiesByRefs(
        {
          entityRefs: refs,
          fields: ['kind', 'metadata.name', 'metadata.namespace'],
        },
        { credentials },
      );
      for (const entity of entities) {
        if (entity) visible.add(stringifyEntityRef(entity).toLowerCase());
      }
    }
    // Months with values up to the current one: a file may hold targets or forecasts beyond it.
    const month = (options.now?.() ?? new Date()).toISOString().slice(0, 7);
    const answer: BusinessMetricsResponse = {
      items: items
        .filter(item => visible.has(item.entityRef))
        .filter(item => item.firstPeriod <= month)
        .map(item =>
          item.lastPeriod > month ? { ...item, lastPeriod: month } : item,
        ),
      sources: await metrics.sourceStatuses(),
    };
    res.json(answer);
  });

  return router;
}
