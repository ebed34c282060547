import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  costsQuerySchema,
  shiftMonth,
} from '@finops-backstage/plugin-finops-common';
import { BudgetStore } from '../budgets/BudgetStore';
import { CostStore } from '../costs/CostStore';
import { EntityCostsQuery, readEntityCosts } from '../costs/readEntityCosts';
import { runWithRequestLimits } from '../database/requestStatementTimeout';
import {
  PricingRuleInput,
  PricingStore,
  SimulatedViews,
} from '../pricing/PricingStore';
import { parseInput } from '../service/validation';

/** What the FinOps actions read with: the stores the routes use, and the same limits. */
export interface FinopsActionContext {
  costs: CostStore;
  pricing: PricingStore;
  budgets: BudgetStore;
  catalog: CatalogService;
  now: () => Date;
  /** The statement timeout of a request's queries (`finops.database.statementTimeout`). */
  statementTimeoutMs: number;
  /**
   * Runs `read` on the costs of a what-if view of one rule on `base`, made like any other and
   * never kept (see `withSimulatedView`).
   */
  simulatePrices<T>(
    input: { base: string; rule: PricingRuleInput },
    read: (costs: CostStore, views: SimulatedViews) => Promise<T>,
  ): Promise<T>;
}

/** An action's period and view, as an assistant gives them (all optional). */
export interface PeriodInput {
  entityRef: string;
  from?: string;
  to?: string;
  view?: string;
}

/** The current month, `YYYY-MM`, by the backend's clock. */
export function currentMonth(context: FinopsActionContext): string {
  return context.now().toISOString().slice(0, 7);
}

/**
 * The query of `GET /costs` an action asks, checked by the route's own schema (the same 4xx
 * messages). The period defaults to `defaultMonths` months ending `endsMonthsAgo` months back.
 */
export function costsQueryOf(
  context: FinopsActionContext,
  input: PeriodInput,
  defaults: { months: number; endsMonthsAgo: number },
  extra: Partial<EntityCostsQuery> = {},
): EntityCostsQuery {
  const to =
    input.to ?? shiftMonth(currentMonth(context), -defaults.endsMonthsAgo);
  const from = input.from ?? shiftMonth(to, 1 - defaults.months);
  return parseInput(
    costsQuerySchema,
    {
      entityRef: input.entityRef,
      from,
      to,
      ...(input.view ? { view: input.view } : {}),
      ...extra,
    },
    'input',
  );
}

/**
 * The costs of an entity as the caller may see them (the catalog decides, as for the route: an
 * entity the caller cannot see is not found), with the route's statement timeout.
 */
export async function entityCostsOf(
  context: FinopsActionContext,
  query: EntityCostsQuery,
  credentials: BackstageCredentials,
) {
  return withRequestLimits(context, async () => {
    const applicationIds = await context.costs.applicationsOf(
      query.entityRef,
      credentials,
    );
    return readEntityCosts(context, query, applicationIds);
  });
}

/** Runs an action's queries with the statement timeout of a request. */
export function withRequestLimits<T>(
  context: FinopsActionContext,
  fn: () => Promise<T>,
): Promise<T> {
  return runWithRequestLimits(
    { statementTimeoutMs: context.statementTimeoutMs },
    fn,
  );
}
