import { costsQuerySchema } from '@finops-backstage/plugin-finops-common';
import { z } from 'zod';
import { PricingStore } from '../pricing/PricingStore';
import { CostStore } from './CostStore';

/** A parsed query of `GET /costs`. */
export type EntityCostsQuery = z.infer<typeof costsQuerySchema>;

/**
 * The costs of an entity's applications in the query's view, and the comparison asked for (with
 * another view, or like for like with the previous period): what `GET /costs` answers and the
 * FinOps actions tell an assistant, from this one function.
 */
export async function readEntityCosts(
  deps: {
    costs: CostStore;
    pricing: Pick<PricingStore, 'resolveView'>;
    now: () => Date;
  },
  query: Omit<EntityCostsQuery, 'format' | 'entityRef'>,
  applicationIds: number[],
) {
  const { costs, pricing } = deps;
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
      ? await costs.comparedPeriods(period, deps.now())
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
  return { view, result, comparison };
}
