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

type RuleToAdd = { index: number; rule?: PricingRuleInput; error?: string };
type Rejection = { index: number; reason: string };

/**
 * Resolves each rule on its own, in the transaction that holds the view: the rows to insert, and
 * the rules that are invalid or name an unknown product, family or domain with their reason.
 */
async function resolveRules(
  tx: Knex.Transaction,
  viewId: number,
  rules: RuleToAdd[],
): Promise<{ rows: Array<Record<string, unknown>>; rejected: Rejection[] }> {
  const rejected: Rejection[] = [];
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
      pricing_view_id: viewId,
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
  return { rows, rejected };
}

const refusal = (key: string) =>
  `The '${key}' view is written by the ingestion batch`;

/**
 * Checks rules as {@link addRules} would, and writes nothing: how many would be added, and the
 * rejected ones with their index and reason.
 */
export async function checkRules(
  knex: Knex,
  key: string,
  rules: RuleToAdd[],
): Promise<{ valid: number; rejected: Rejection[] }> {
  return knex.transaction(async tx => {
    const view = await lockEditable(tx, key, refusal(key));
    const { rows, rejected } = await resolveRules(
      tx,
      view.pricing_view_id,
      rules,
    );
    return { valid: rows.length, rejected };
  });
}

/**
 * Adds rules in bulk, all or nothing. Each rule is resolved on its own; when one is invalid or
 * names an unknown product, family or domain, none is added and every rejected one is reported
 * with its index and reason. Otherwise they are added in one transaction, with one audit row.
 */
export async function addRules(
  knex: Knex,
  key: string,
  rules: RuleToAdd[],
  actorRef: string,
): Promise<{
  added: number;
  rejected: Rejection[];
}> {
  return knex.transaction(async tx => {
    const view = await lockEditable(tx, key, refusal(key));
    const { rows, rejected } = await resolveRules(
      tx,
      view.pricing_view_id,
      rules,
    );
    if (rejected.length > 0) {
      return { added: 0, rejected };
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
    return { added: rows.length, rejected: [] };
  });
}
