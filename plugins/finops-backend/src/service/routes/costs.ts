import { costsQuerySchema, toCsv } from '@internal/plugin-finops-common';
import Router from 'express-promise-router';
import { RouterOptions } from '../RouterOptions';
import { parseInput } from '../validation';

function previousPeriod(
  from: string,
  to: string,
): { from: string; to: string } {
  const index = (month: string) => {
    const [y, m] = month.split('-').map(Number);
    return y * 12 + m - 1;
  };
  const month = (i: number) =>
    `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
  const length = index(to) - index(from) + 1;
  return { from: month(index(from) - length), to: month(index(to) - length) };
}

/** `GET /costs`: what an entity costs in a pricing view, optionally compared. */
export function costRoutes(options: RouterOptions) {
  const { costs, pricing, httpAuth } = options;
  const router = Router();

  router.get('/costs', async (req, res) => {
    const query = parseInput(costsQuerySchema, req.query, 'query');
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const applicationIds = await costs.applicationsOf(
      query.entityRef,
      credentials,
    );
    const { id: viewId, view } = await pricing.resolveView(query.view);
    const result = await costs.getCosts({
      applicationIds,
      viewId,
      from: query.from,
      to: query.to,
      granularity: query.granularity,
      groupBy: query.groupBy,
    });

    let comparison;
    if (query.compareView || query.compareTo) {
      const baselineView = query.compareView
        ? await pricing.resolveView(query.compareView)
        : { id: viewId, view };
      const baselinePeriod = query.compareTo
        ? previousPeriod(query.from, query.to)
        : { from: query.from, to: query.to };
      comparison = {
        baseline: { view: baselineView.view.key, ...baselinePeriod },
        ...(await costs.compare(
          applicationIds,
          { viewId, from: query.from, to: query.to },
          { viewId: baselineView.id, ...baselinePeriod },
        )),
      };
    }

    if (query.format === 'csv') {
      res
        .type('text/csv')
        .attachment(
          `costs-${query.entityRef.replace(/[:/]/g, '_')}-${query.view}.csv`,
        );
      res.send(
        toCsv(
          [
            'period',
            query.groupBy,
            'label',
            'mode',
            'cost',
            'currency',
            'quantity',
            'unit',
          ],
          result.rows.map(row => [
            row.period,
            row.key,
            row.label,
            row.mode,
            row.cost,
            view.currency,
            row.quantity,
            row.unit,
          ]),
        ),
      );
      return;
    }
    res.json({
      entityRef: query.entityRef,
      view: { key: view.key, name: view.name, kind: view.kind },
      currency: view.currency,
      from: query.from,
      to: query.to,
      granularity: query.granularity,
      groupBy: query.groupBy,
      ...result,
      comparison,
    });
  });

  return router;
}
