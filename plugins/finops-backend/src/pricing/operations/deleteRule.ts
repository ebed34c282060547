import { NotFoundError } from '@backstage/errors';
import { Knex } from 'knex';
import { writeAudit } from '../../audit/operations/audit';
import { refreshPrices } from './resolvedPrices';
import { toRule, rulesQuery, lockEditable } from './pricingRows';

/** Soft-deletes a rule of a view users own, audited; the view's prices are resolved again. */
export async function deleteRule(
  knex: Knex,
  key: string,
  ruleId: string,
  actorRef: string,
): Promise<void> {
  await knex.transaction(async tx => {
    const view = await lockEditable(
      tx,
      key,
      `The '${key}' view is written by the ingestion batch`,
    );
    const rule = await rulesQuery(tx)
      .where({
        'r.pricing_view_id': view.pricing_view_id,
        'r.pricing_rule_id': ruleId,
      })
      .whereNull('r.deleted_at')
      .first();
    if (!rule)
      throw new NotFoundError(`No rule ${ruleId} in pricing view '${key}'`);
    await tx('pricing_rule')
      .where({ pricing_rule_id: ruleId })
      .update({ deleted_at: tx.fn.now() });
    await refreshPrices(tx, { views: [view.pricing_view_id] });
    await writeAudit(tx, {
      eventId: 'pricing-rule-delete',
      actorRef,
      subjectType: 'pricing-view',
      subjectId: key,
      before: toRule(rule),
    });
  });
}
