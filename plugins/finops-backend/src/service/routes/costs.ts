import {
  costsQuerySchema,
  toCsv,
} from '@finops-backstage/plugin-finops-common';
import Router from 'express-promise-router';
import { RouterOptions } from '../RouterOptions';
import { parseInput } from '../validation';

/** `GET /costs`: what an entity costs in a pricing view, optionally compared. */
export function costRoutes(options: RouterOptions) {
  const { costs, pricing, httpAuth } = options;
  const now = options.now ?? (() => new Date());
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
      through: query.through,
    });

    let comparison;
    if (query.compareView || query.compareTo) {
      const baselineView = query.compareView
        ? await pricing.resolveView(query.compareView)
        : { id: viewId, view };
      const period = { from: query.from, to: query.to, through: query.through };
      // Another period: like for like (month to date against the previous month to date).
      const { current, previous } = query.compareTo
        ? await costs.comparedPeriods(period, now())
        : { current: period, previous: period };
      comparison = {
        current: { view: view.key, ...current },
        baseline: { view: baselineView.view.key, ...previous },
        ...(await costs.compare(
          applicationIds,
          { viewId, ...current },
          { viewId: baselineView.id, ...previous },
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
    const rates = await pricing.exchangeRates(
      view.currency,
      query.from,
      query.to,
    );
    res.json({
      entityRef: query.entityRef,
      view: { key: view.key, name: view.name, kind: view.kind },
      currency: view.currency,
      exchangeRates: rates.used,
      ...(rates.missing.length > 0
        ? { missingExchangeRates: rates.missing }
        : {}),
      from: query.from,
      to: query.to,
      ...(query.through ? { through: query.through } : {}),
      granularity: query.granularity,
      groupBy: query.groupBy,
      ...result,
      comparison,
    });
  });

  return router;
}
