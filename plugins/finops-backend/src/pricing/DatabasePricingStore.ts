import { ConflictError, NotFoundError } from '@backstage/errors';
import { PricingView } from '@finops-backstage/plugin-finops-common';
import { Knex } from 'knex';
import { readAudit } from '../audit/operations/audit';
import { ratesFor } from './operations/exchangeRates';
import { addRules, checkRules } from './operations/addRules';
import { listRuleTargets } from './operations/listRuleTargets';
import { copyView } from './operations/copyView';
import { createView } from './operations/createView';
import { deleteRule } from './operations/deleteRule';
import { deleteView } from './operations/deleteView';
import {
  VIEW_COLUMNS,
  rulesQuery,
  toRule,
  toView,
  viewsQuery,
} from './operations/pricingRows';
import { updateView } from './operations/updateView';
import {
  PricingRuleInput,
  PricingStore,
  PricingViewInput,
} from './PricingStore';

export type { PricingRuleInput };

/** The start of the 409 of a view created with a rule that names an unknown target. */
export const UNPRICED_VIEW = 'Could not price the view: ';

/** Pricing views and their rules in the mart; each change is an operation of `operations/`. */
export class DatabasePricingStore implements PricingStore {
  private constructor(private readonly knex: Knex) {}

  static create(options: { knex: Knex }): DatabasePricingStore {
    return new DatabasePricingStore(options.knex);
  }

  async listViews(limit: number) {
    const rows = await viewsQuery(this.knex)
      .orderBy('v.view_key')
      .limit(limit)
      .select(VIEW_COLUMNS);
    return rows.map(toView);
  }

  async resolveView(key: string) {
    const row = await viewsQuery(this.knex)
      .where('v.view_key', key)
      .first(VIEW_COLUMNS);
    if (!row) {
      throw new NotFoundError(`No pricing view '${key}'`);
    }
    return { id: row.pricing_view_id as number, view: toView(row) };
  }

  async exchangeRates(currency: string, from: string, to: string) {
    return ratesFor(this.knex, currency, from, to);
  }

  async listRules(viewId: number, limit: number, offset: number) {
    const rows = await rulesQuery(this.knex)
      .where('r.pricing_view_id', viewId)
      .whereNull('r.deleted_at')
      .orderBy(['r.valid_from', 'r.pricing_rule_id'])
      .limit(limit)
      .offset(offset);
    return rows.map(toRule);
  }

  createView(input: PricingViewInput, actorRef: string) {
    return createView(this.knex, input, actorRef);
  }

  copyView(
    from: string,
    input: { key: string; name: string },
    actorRef: string,
  ) {
    return copyView(this.knex, from, input, actorRef);
  }

  /**
   * Creates a view with its rules in one transaction (a what-if view from a recommendation, a
   * simulation): when a rule names an unknown target, nothing is kept and the reason is a 409.
   */
  async createViewWithRules(
    input: PricingViewInput,
    rules: PricingRuleInput[],
    actorRef: string,
  ): Promise<PricingView> {
    return this.knex.transaction(async tx => {
      const store = DatabasePricingStore.create({ knex: tx });
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

  updateView(
    key: string,
    update: Parameters<PricingStore['updateView']>[1],
    actorRef: string,
  ) {
    return updateView(this.knex, key, update, actorRef);
  }

  deleteView(key: string, actorRef: string) {
    return deleteView(this.knex, key, actorRef);
  }

  addRules(
    key: string,
    rules: Parameters<PricingStore['addRules']>[1],
    actorRef: string,
  ) {
    return addRules(this.knex, key, rules, actorRef);
  }

  checkRules(key: string, rules: Parameters<PricingStore['checkRules']>[1]) {
    return checkRules(this.knex, key, rules);
  }

  listRuleTargets(query: Parameters<PricingStore['listRuleTargets']>[0]) {
    return listRuleTargets(this.knex, query);
  }

  deleteRule(key: string, ruleId: string, actorRef: string) {
    return deleteRule(this.knex, key, ruleId, actorRef);
  }

  async listAudit(key: string, limit: number) {
    return readAudit(this.knex, 'pricing-view', key, limit);
  }
}
