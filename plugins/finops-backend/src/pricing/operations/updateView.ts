import { InputError } from '@backstage/errors';
import { Knex } from 'knex';
import { PricingView } from '@finops-backstage/plugin-finops-common';
import { writeAudit } from '../../audit/operations/audit';
import { refreshPrices } from './resolvedPrices';
import {
  VIEW_COLUMNS,
  toView,
  viewsQuery,
  lockEditable,
  viewIdOf,
} from './pricingRows';

/** Changes a view users own (name, description, currency, parent: never a cycle), audited; its prices and its descendants' are resolved again. */
export async function updateView(
  knex: Knex,
  key: string,
  update: {
    name?: string;
    description?: string;
    currency?: string;
    parent?: string;
  },
  actorRef: string,
): Promise<PricingView> {
  return knex.transaction(async tx => {
    const row = await lockEditable(
      tx,
      key,
      `The '${key}' view is written by the ingestion batch`,
    );
    const before = toView(row);
    const changes: Record<string, unknown> = { updated_at: tx.fn.now() };
    if (update.name !== undefined) changes.name = update.name;
    if (update.description !== undefined)
      changes.description = update.description;
    if (update.currency !== undefined) changes.currency = update.currency;
    if (update.parent !== undefined) {
      const parentId = await viewIdOf(tx, update.parent);
      const { rows } = await tx.raw(
        `WITH RECURSIVE up AS (SELECT pricing_view_id, parent_id FROM pricing_view WHERE pricing_view_id = ?
           UNION ALL SELECT v.pricing_view_id, v.parent_id FROM pricing_view v JOIN up ON v.pricing_view_id = up.parent_id)
         SELECT 1 FROM up WHERE pricing_view_id = ?`,
        [parentId, row.pricing_view_id],
      );
      if (rows.length > 0)
        throw new InputError(`parent: '${update.parent}' would make a cycle`);
      changes.parent_id = parentId;
    }
    await tx('pricing_view')
      .where({ pricing_view_id: row.pricing_view_id })
      .update(changes);
    await refreshPrices(tx, { views: [row.pricing_view_id] });
    const after = toView(
      await viewsQuery(tx).where('v.view_key', key).first(VIEW_COLUMNS),
    );
    await writeAudit(tx, {
      eventId: 'pricing-view-update',
      actorRef,
      subjectType: 'pricing-view',
      subjectId: key,
      before,
      after,
    });
    return after;
  });
}
