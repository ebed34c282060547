import { NotFoundError } from '@backstage/errors';
import { Knex } from 'knex';
import { PricingView } from '@finops-backstage/plugin-finops-common';
import { writeAudit } from '../../audit/operations/audit';
import { refreshPrices } from './resolvedPrices';
import { VIEW_COLUMNS, toView, viewsQuery, assertFreeKey } from './pricingRows';

/** Copies a view and its rules under a new key (a batch-written kind becomes a what-if view), audited. */
export async function copyView(
  knex: Knex,
  from: string,
  input: { key: string; name: string },
  actorRef: string,
): Promise<PricingView> {
  return knex.transaction(async tx => {
    const source = await viewsQuery(tx)
      .where('v.view_key', from)
      .first(['v.*']);
    if (!source) throw new NotFoundError(`No pricing view '${from}'`);
    await assertFreeKey(tx, input.key);
    const kind = ['actual', 'amortized'].includes(source.kind)
      ? 'what-if'
      : source.kind;
    const [{ pricing_view_id: id }] = await tx('pricing_view')
      .insert({
        view_key: input.key,
        name: input.name,
        description: `Copy of ${source.name}`,
        kind,
        currency: source.currency,
        parent_id: source.parent_id,
      })
      .returning('pricing_view_id');
    await tx.raw(
      `INSERT INTO pricing_rule (pricing_view_id, product_id, family_id, domain_id, unit_price, multiplier, valid_from, valid_to, currency)
       SELECT ?, product_id, family_id, domain_id, unit_price, multiplier, valid_from, valid_to, currency
         FROM pricing_rule WHERE pricing_view_id = ? AND deleted_at IS NULL`,
      [id, source.pricing_view_id],
    );
    await refreshPrices(tx, { views: [id] });
    const view = toView(
      await viewsQuery(tx).where('v.view_key', input.key).first(VIEW_COLUMNS),
    );
    await writeAudit(tx, {
      eventId: 'pricing-view-copy',
      actorRef,
      subjectType: 'pricing-view',
      subjectId: input.key,
      after: { ...view, copiedFrom: from },
    });
    return view;
  });
}
