import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { Knex } from 'knex';
import { writeAudit } from '../database/audit';
import {
  Domain,
  PricingRule,
  PricingView,
} from '@finops-backstage/plugin-finops-common';
import { ratesFor } from '../currency/exchangeRates';
import { refreshCosts, refreshPrices } from './resolvedPrices';

/** A rule to add, validated at the edge (`pricingRuleInputSchema`). */
export interface PricingRuleInput {
  product?: string;
  family?: string;
  domain?: string;
  unitPrice?: string;
  multiplier?: string;
  validFrom: string;
  validTo?: string;
}

const VIEW_COLUMNS = [
  'v.pricing_view_id',
  'v.view_key',
  'v.name',
  'v.description',
  'v.kind',
  'v.currency',
  'v.managed_by',
  'parent.view_key as parent_key',
  'v.created_at',
  'v.updated_at',
];

function toView(row: Record<string, any>): PricingView {
  return {
    key: row.view_key,
    name: row.name,
    description: row.description,
    kind: row.kind,
    currency: row.currency,
    parent: row.parent_key ?? undefined,
    managed: row.managed_by ? true : undefined,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

function monthOf(value: Date | string | null): string | undefined {
  if (!value) return undefined;
  const date =
    typeof value === 'string'
      ? new Date(`${value.slice(0, 10)}T00:00:00Z`)
      : value;
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return (typeof value === 'string' ? value : local.toISOString()).slice(0, 7);
}

/** A rule as the API shows it, from a row of {@link DatabasePricingStore.rules}. */
function toRule(row: Record<string, any>): PricingRule {
  return {
    id: String(row.pricing_rule_id),
    product: row.product_key ?? undefined,
    family: row.family_key ?? undefined,
    domain: row.domain_key ?? undefined,
    unitPrice: row.unit_price ?? undefined,
    multiplier: row.multiplier ?? undefined,
    validFrom: monthOf(row.valid_from)!,
    validTo: monthOf(row.valid_to),
  };
}

/** A domain as the API shows it. */
function toDomain(row: Record<string, any>): Domain {
  return {
    key: row.domain_key,
    name: row.name,
    mode: row.domain_mode,
    indirectMethodKey: row.indirect_method_key ?? undefined,
    indirectLabel: row.indirect_label ?? undefined,
  };
}

/** Pricing views, their rules and the cost domains; every change is audited in its transaction. */
/** The start of the 409 of a view created with a rule that names an unknown target. */
export const UNPRICED_VIEW = 'Could not price the view: ';

export class DatabasePricingStore {
  constructor(private readonly knex: Knex) {}

  private views(db: Knex | Knex.Transaction = this.knex) {
    return db('pricing_view as v')
      .leftJoin(
        'pricing_view as parent',
        'parent.pricing_view_id',
        'v.parent_id',
      )
      .whereNull('v.deleted_at');
  }

  async listViews(limit: number): Promise<PricingView[]> {
    const rows = await this.views()
      .orderBy('v.view_key')
      .limit(limit)
      .select(VIEW_COLUMNS);
    return rows.map(toView);
  }

  /** The view's id and currency, or a 404. */
  async resolveView(key: string): Promise<{ id: number; view: PricingView }> {
    const row = await this.views().where('v.view_key', key).first(VIEW_COLUMNS);
    if (!row) {
      throw new NotFoundError(`No pricing view '${key}'`);
    }
    return { id: row.pricing_view_id, view: toView(row) };
  }

  /** The exchange rates that convert the prices of these months to a currency, and those missing. */
  async exchangeRates(currency: string, from: string, to: string) {
    return ratesFor(this.knex, currency, from, to);
  }

  /** Rules with the keys of their targets, for {@link toRule}. */
  private rules(db: Knex | Knex.Transaction = this.knex) {
    return db('pricing_rule as r')
      .leftJoin('dim_product as p', 'p.product_id', 'r.product_id')
      .leftJoin('dim_family as f', 'f.family_id', 'r.family_id')
      .leftJoin('dim_domain as d', 'd.domain_id', 'r.domain_id')
      .select('r.*', 'p.product_key', 'f.family_key', 'd.domain_key');
  }

  async listRules(
    viewId: number,
    limit: number,
    offset: number,
  ): Promise<PricingRule[]> {
    const rows = await this.rules()
      .where('r.pricing_view_id', viewId)
      .whereNull('r.deleted_at')
      .orderBy(['r.valid_from', 'r.pricing_rule_id'])
      .limit(limit)
      .offset(offset);
    return rows.map(toRule);
  }

  async createView(
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
    return this.knex.transaction(async tx => {
      await this.assertFreeKey(tx, input.key);
      const parentId = input.parent ? await this.idOf(tx, input.parent) : null;
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
        await this.views(tx).where('v.view_key', input.key).first(VIEW_COLUMNS),
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

  async copyView(
    from: string,
    input: { key: string; name: string },
    actorRef: string,
  ): Promise<PricingView> {
    return this.knex.transaction(async tx => {
      const source = await this.views(tx)
        .where('v.view_key', from)
        .first(['v.*']);
      if (!source) throw new NotFoundError(`No pricing view '${from}'`);
      await this.assertFreeKey(tx, input.key);
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
        await this.views(tx).where('v.view_key', input.key).first(VIEW_COLUMNS),
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

  /**
   * Creates a view with its rules in one transaction (a what-if view from a recommendation, a
   * simulation): when a rule names an unknown target, nothing is kept and the reason is a 409.
   */
  async createViewWithRules(
    input: Parameters<DatabasePricingStore['createView']>[0],
    rules: PricingRuleInput[],
    actorRef: string,
  ): Promise<PricingView> {
    return this.knex.transaction(async tx => {
      const store = new DatabasePricingStore(tx);
      const view = await store.createView(input, actorRef);
      const { rejected } = await store.addRules(
        view.key,
        rules.map((rule, index) => ({ index, rule })),
        actorRef,
      );
      if (rejected.length > 0) {
        throw new ConflictError(`${UNPRICED_VIEW}${rejected[0].reason}`);
      }
      return view;
    });
  }

  async updateView(
    key: string,
    update: {
      name?: string;
      description?: string;
      currency?: string;
      parent?: string;
    },
    actorRef: string,
  ): Promise<PricingView> {
    return this.knex.transaction(async tx => {
      const row = await this.lockEditable(
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
        const parentId = await this.idOf(tx, update.parent);
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
        await this.views(tx).where('v.view_key', key).first(VIEW_COLUMNS),
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

  async deleteView(key: string, actorRef: string): Promise<void> {
    await this.knex.transaction(async tx => {
      const row = await this.lockEditable(
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

  /**
   * Adds rules in bulk. Each rule is resolved on its own; those naming an unknown product, family or
   * domain are reported with their index and reason, and the others are added in one transaction.
   */
  async addRules(
    key: string,
    rules: Array<{ index: number; rule?: PricingRuleInput; error?: string }>,
    actorRef: string,
  ): Promise<{
    added: number;
    rejected: Array<{ index: number; reason: string }>;
  }> {
    return this.knex.transaction(async tx => {
      const view = await this.lockEditable(
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
        const target = await this.target(tx, rule);
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
            ? tx.raw(
                `(?::date + interval '1 month' - interval '1 day')::date`,
                [`${rule.validTo}-01`],
              )
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
        const written = await this.rules(tx)
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

  async deleteRule(
    key: string,
    ruleId: string,
    actorRef: string,
  ): Promise<void> {
    await this.knex.transaction(async tx => {
      const view = await this.lockEditable(
        tx,
        key,
        `The '${key}' view is written by the ingestion batch`,
      );
      const rule = await this.rules(tx)
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

  async listAudit(
    subjectType: 'pricing-view' | 'domain',
    subjectId: string,
    limit: number,
  ) {
    const rows = await this.knex('audit_event')
      .where({ subject_type: subjectType, subject_id: subjectId })
      .orderBy('audit_id', 'desc')
      .limit(limit);
    return rows.map(row => ({
      eventId: row.event_id,
      actorRef: row.actor_ref,
      at: new Date(row.created_at).toISOString(),
      before: row.before ?? undefined,
      after: row.after ?? undefined,
    }));
  }

  async listDomains(): Promise<Domain[]> {
    const rows = await this.knex('dim_domain')
      .whereNull('deleted_at')
      .orderBy('domain_key');
    return rows.map(toDomain);
  }

  async updateDomain(
    key: string,
    update: {
      mode?: 'DIRECT' | 'INDIRECT';
      indirectMethodKey?: string;
      indirectLabel?: string;
    },
    actorRef: string,
  ): Promise<Domain> {
    return this.knex.transaction(async tx => {
      const before = await tx('dim_domain')
        .where({ domain_key: key })
        .whereNull('deleted_at')
        .forUpdate()
        .first();
      if (!before) throw new NotFoundError(`No domain '${key}'`);
      await tx('dim_domain')
        .where({ domain_id: before.domain_id })
        .update({
          domain_mode: update.mode ?? before.domain_mode,
          indirect_method_key:
            update.indirectMethodKey ?? before.indirect_method_key,
          indirect_label: update.indirectLabel ?? before.indirect_label,
          updated_at: tx.fn.now(),
        });
      if (update.mode && update.mode !== before.domain_mode) {
        await refreshCosts(tx);
      }
      const after = await tx('dim_domain')
        .where({ domain_id: before.domain_id })
        .first();
      await writeAudit(tx, {
        eventId: 'domain-update',
        actorRef,
        subjectType: 'domain',
        subjectId: key,
        before: toDomain(before),
        after: toDomain(after),
      });
      return toDomain(after);
    });
  }

  /** Locks a view that users may change; 404 when there is none, 409 for the actual view. */
  private async lockEditable(
    tx: Knex.Transaction,
    key: string,
    actualRefusal: string,
  ) {
    const row = await this.views(tx)
      .where('v.view_key', key)
      .forUpdate('v')
      .first(VIEW_COLUMNS);
    if (!row) throw new NotFoundError(`No pricing view '${key}'`);
    if (row.managed_by) throw new ConflictError(actualRefusal);
    return row;
  }

  private async assertFreeKey(tx: Knex.Transaction, key: string) {
    if (
      await tx('pricing_view')
        .where({ view_key: key })
        .whereNull('deleted_at')
        .first('pricing_view_id')
    ) {
      throw new ConflictError(`A pricing view '${key}' exists already`);
    }
  }

  private async idOf(tx: Knex.Transaction, key: string): Promise<number> {
    const row = await tx('pricing_view')
      .where({ view_key: key })
      .whereNull('deleted_at')
      .first('pricing_view_id');
    if (!row) throw new InputError(`parent: no pricing view '${key}'`);
    return row.pricing_view_id;
  }

  /** The rule's target ids; a product key names its current version (history is kept by validity). */
  private async target(
    tx: Knex.Transaction,
    rule: PricingRuleInput,
  ): Promise<
    | { product_id?: number; family_id?: number; domain_id?: number }
    | { reason: string }
  > {
    if (rule.product) {
      const row = await tx('dim_product')
        .where({ product_key: rule.product })
        .andWhere('valid_from', '<=', `${rule.validFrom}-01`)
        .orderBy('valid_from', 'desc')
        .first('product_id');
      return row
        ? { product_id: row.product_id }
        : { reason: `unknown product '${rule.product}' in ${rule.validFrom}` };
    }
    if (rule.family) {
      const row = await tx('dim_family')
        .where({ family_key: rule.family })
        .first('family_id');
      return row
        ? { family_id: row.family_id }
        : { reason: `unknown family '${rule.family}'` };
    }
    const row = await tx('dim_domain')
      .where({ domain_key: rule.domain })
      .whereNull('deleted_at')
      .first('domain_id');
    return row
      ? { domain_id: row.domain_id }
      : { reason: `unknown domain '${rule.domain}'` };
  }
}
