import { Knex } from 'knex';
import { writeAudit } from '../../audit/operations/audit';
import { refreshPrices } from './resolvedPrices';
import {
  toRule,
  rulesQuery,
  lockEditable,
  ruleTarget,
  PricingRuleInput,
} from './pricingRows';

/**
 * Adds rules in bulk. Each rule is resolved on its own; those naming an unknown product, family or
 * domain are reported with their index and reason, and the others are added in one transaction.
 */
export async function addRules(
  knex: Knex,
  key: string,
  rules: Array<{ index: number; rule?: PricingRuleInput; error?: string }>,
  actorRef: string,
): Promise<{
  added: number;
  rejected: Array<{ index: number; reason: string }>;
}> {
  return knex.transaction(async tx => {
    const view = await lockEditable(
      tx,
      key,
      `The '${key}' view is written by the ingestion batch`,
    );
    const rejected: Array<{ index: number; reason: string }> = [];
    const rows: Array<Record<string, unknown>> = [];
    for (const { index, rule, error } of rules) {
      if (!rule) {
        rejected.push({ index, reason: error ?? 'invalid rule' });
        continue;
      }
      const target = await ruleTarget(tx, rule);
      if ('reason' in target) {
        rejected.push({ index, reason: target.reason });
        continue;
      }
      rows.push({
        pricing_view_id: view.pricing_view_id,
        ...target,
        unit_price: rule.unitPrice ?? null,
        multiplier: rule.multiplier ?? null,
        valid_from: `${rule.validFrom}-01`,
        valid_to: rule.validTo
          ? tx.raw(`(?::date + interval '1 month' - interval '1 day')::date`, [
              `${rule.validTo}-01`,
            ])
          : null,
      });
    }
    if (rows.length > 0) {
      const ids: number[] = [];
      for (let start = 0; start < rows.length; start += 500) {
        const inserted = await tx('pricing_rule')
          .insert(rows.slice(start, start + 500))
          .returning('pricing_rule_id');
        ids.push(...inserted.map(row => Number(row.pricing_rule_id)));
      }
      // The audit row holds the rules as written (ids, resolved targets), rejected ones not.
      const written = await rulesQuery(tx)
        .whereIn('r.pricing_rule_id', ids)
        .orderBy('r.pricing_rule_id');
      await tx('pricing_view')
        .where({ pricing_view_id: view.pricing_view_id })
        .update({ updated_at: tx.fn.now() });
      await refreshPrices(tx, { views: [view.pricing_view_id] });
      await writeAudit(tx, {
        eventId: 'pricing-view-rules-add',
        actorRef,
        subjectType: 'pricing-view',
        subjectId: key,
        after: written.map(toRule),
      });
    }
    return { added: rows.length, rejected };
  });
}
