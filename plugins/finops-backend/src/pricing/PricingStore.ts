import {
  PricingRule,
  PricingRuleTarget,
  PricingView,
} from '@finops-backstage/plugin-finops-common';
import { AuditRecord } from '../audit/AuditRecord';
import { ExchangeRatesUsed } from './operations/exchangeRates';
import { PricingRuleInput } from './operations/pricingRows';

export type { PricingRuleInput };

/** A new view: a child of `parent` when given. */
export interface PricingViewInput {
  key: string;
  name: string;
  description: string;
  kind: string;
  currency: string;
  parent?: string;
}

/**
 * Pricing views and their rules, the one way to change a price: every change is audited and
 * resolves the prices it touches (see `resolvedPrices`) in its own transaction.
 */
export interface PricingStore {
  listViews(limit: number): Promise<PricingView[]>;
  /** The view's id and the view, or a 404. */
  resolveView(key: string): Promise<{ id: number; view: PricingView }>;
  /** The exchange rates that convert the prices of these months to a currency, and those missing. */
  exchangeRates(
    currency: string,
    from: string,
    to: string,
  ): Promise<ExchangeRatesUsed>;
  listRules(
    viewId: number,
    limit: number,
    offset: number,
  ): Promise<PricingRule[]>;
  createView(input: PricingViewInput, actorRef: string): Promise<PricingView>;
  copyView(
    from: string,
    input: { key: string; name: string },
    actorRef: string,
  ): Promise<PricingView>;
  /** A view with its rules in one transaction; when a rule names an unknown target, nothing is kept (409). */
  createViewWithRules(
    input: PricingViewInput,
    rules: PricingRuleInput[],
    actorRef: string,
  ): Promise<PricingView>;
  updateView(
    key: string,
    update: {
      name?: string;
      description?: string;
      currency?: string;
      parent?: string;
    },
    actorRef: string,
  ): Promise<PricingView>;
  deleteView(key: string, actorRef: string): Promise<void>;
  /** Rules in bulk, all or nothing: when one is invalid or names an unknown target, none is added. */
  addRules(
    key: string,
    rules: Array<{ index: number; rule?: PricingRuleInput; error?: string }>,
    actorRef: string,
  ): Promise<{
    added: number;
    rejected: Array<{ index: number; reason: string }>;
  }>;
  /** Checks rules as `addRules` would and writes nothing: how many would be added, the rejected. */
  checkRules(
    key: string,
    rules: Array<{ index: number; rule?: PricingRuleInput; error?: string }>,
  ): Promise<{
    valid: number;
    rejected: Array<{ index: number; reason: string }>;
  }>;
  /** What a rule can target: the families, or the products whose key or name contains `search`. */
  listRuleTargets(query: {
    type: 'family' | 'product';
    search?: string;
    limit: number;
  }): Promise<PricingRuleTarget[]>;
  deleteRule(key: string, ruleId: string, actorRef: string): Promise<void>;
  /** A view's audit trail, newest first. */
  listAudit(key: string, limit: number): Promise<AuditRecord[]>;
}

/** The views of a price simulation: the base view, the what-if view on it, and their currency. */
export interface SimulatedViews {
  base: number;
  simulated: number;
  currency: string;
}
