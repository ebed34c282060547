import { Knex } from 'knex';
import { PricingView } from '@finops-backstage/plugin-finops-common';
import { writeAudit } from '../../audit/operations/audit';
import { refreshPrices } from './resolvedPrices';
import {
  VIEW_COLUMNS,
  toView,
  viewsQuery,
  assertFreeKey,
  viewIdOf,
} from './pricingRows';

/** Creates a view (a child of `parent` when given) and resolves its prices, audited, in one transaction. */
export async function createView(
  knex: Knex,
  input: {
    key: string;
    name: string;
    description: string;
    kind: string;
    currency: string;
    parent?: string;
  },
  actorRef: string,
): Promise<PricingView> {
  return knex.transaction(async tx => {
    await assertFreeKey(tx, input.key);
    const parentId = input.parent ? await viewIdOf(tx, input.parent) : null;
    const [{ pricing_view_id: id }] = await tx('pricing_view')
      .insert({
        view_key: input.key,
        name: input.name,
        description: input.description,
        kind: input.kind,
        currency: input.currency,
        parent_id: parentId,
      })
      .returning('pricing_view_id');
    await refreshPrices(tx, { views: [id] });
    const view = toView(
      await viewsQuery(tx).where('v.view_key', input.key).first(VIEW_COLUMNS),
    );
    await writeAudit(tx, {
      eventId: 'pricing-view-create',
      actorRef,
      subjectType: 'pricing-view',
      subjectId: input.key,
      after: view,
    });
    return view;
  });
}
