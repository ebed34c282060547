import { ConflictError } from '@backstage/errors';
import { Knex } from 'knex';
import { writeAudit } from '../../audit/operations/audit';
import { refreshPrices } from './resolvedPrices';
import { toView, lockEditable } from './pricingRows';

/** Soft-deletes a view users own that no view inherits from, audited. */
export async function deleteView(
  knex: Knex,
  key: string,
  actorRef: string,
): Promise<void> {
  await knex.transaction(async tx => {
    const row = await lockEditable(
      tx,
      key,
      `The '${key}' view is written by the ingestion batch and cannot be deleted`,
    );
    const child = await tx('pricing_view')
      .where({ parent_id: row.pricing_view_id })
      .whereNull('deleted_at')
      .first('view_key');
    if (child)
      throw new ConflictError(
        `Pricing view '${child.view_key}' inherits from '${key}'`,
      );
    await tx('pricing_view')
      .where({ pricing_view_id: row.pricing_view_id })
      .update({ deleted_at: tx.fn.now() });
    await refreshPrices(tx, { views: [row.pricing_view_id] });
    await writeAudit(tx, {
      eventId: 'pricing-view-delete',
      actorRef,
      subjectType: 'pricing-view',
      subjectId: key,
      before: toView(row),
    });
  });
}
