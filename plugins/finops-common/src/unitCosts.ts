import { z } from 'zod';
import { PricingViewKind } from './types';
import {
  checkMonthRange,
  entityRefSchema,
  monthSchema,
  textSchema,
} from './schemas';

/** A business metric's key: lower case letters, digits, `.`, `_` and `-`, at most 63. */
export const metricKeySchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9._-]{0,62}$/,
    'must be lower case letters, digits, ".", "_" and "-", at most 63',
  );

/**
 * The decimal places of a cost per unit in answers, rounded half away from zero as cents are
 * ({@link toCents}): a cost per search of a fraction of a cent keeps its figures.
 */
export const COST_PER_UNIT_DECIMALS = 6;

/** Query of `GET /api/finops/unit-costs`. */
export const unitCostsQuerySchema = z
  .object({
    entityRef: entityRefSchema,
    metric: metricKeySchema,
    view: textSchema({ min: 1, max: 100 }).default('actual'),
    from: monthSchema,
    to: monthSchema,
  })
  .strict()
  .superRefine(checkMonthRange);

/** Query of `GET /api/finops/business-metrics`. */
export const businessMetricsQuerySchema = z
  .object({ entityRef: entityRefSchema.optional() })
  .strict();

/** A month of `GET /unit-costs`: the entity's cost, its metric and their quotient. */
export interface UnitCostPeriod {
  /** `YYYY-MM`. */
  period: string;
  /** What `GET /costs` answers as the total of this entity, month and view. */
  cost: string;
  /** The metric's value of the month (the sum of its days when given by day); absent when none. */
  value?: string;
  /** cost ÷ value, rounded to {@link COST_PER_UNIT_DECIMALS} decimals; absent without a value above 0. */
  costPerUnit?: string;
}

/**
 * The change of the cost between the first and the last month of the range, split into what
 * came from doing more ("volume": Δvalue × the first month's cost per unit) and from each unit
 * costing more ("efficiency": the last month's value × Δcost per unit). Both are computed with the
 * exact costs per unit and rounded to cents by largest remainder, so that they add up exactly to
 * `cost.difference`.
 */
export interface UnitCostChange {
  /** The first and the last month compared, `YYYY-MM`. */
  from: string;
  to: string;
  cost: { first: string; last: string; difference: string };
  value: { first: string; last: string; difference: string };
  costPerUnit: { first: string; last: string; difference: string };
  /** "We did more": (value₁ − value₀) × cost per unit₀, in cents. */
  volume: string;
  /** "Each unit cost more": value₁ × (cost per unit₁ − cost per unit₀), in cents. */
  efficiency: string;
}

/** Answer of `GET /api/finops/unit-costs`. */
export interface UnitCostsResponse {
  entityRef: string;
  metric: { key: string; unit: string };
  view: { key: string; name: string; kind: PricingViewKind };
  currency: string;
  from: string;
  to: string;
  periods: UnitCostPeriod[];
  /**
   * The whole range: its cost (what `GET /costs` answers for it), and when every month has a
   * value, their sum and the cost per unit of the range.
   */
  total: { cost: string; value?: string; costPerUnit?: string };
  /** The first month against the last; absent, with `changeUnavailable`, when it cannot be split. */
  change?: UnitCostChange;
  /** Why there is no `change` (a single month, or a first or last month without a value above 0). */
  changeUnavailable?: string;
}

/** A metric an entity has, with the months it covers. */
export interface BusinessMetricSummary {
  entityRef: string;
  metric: string;
  unit: string;
  /** The source whose values these are. */
  source: string;
  /** First and last month with a value, `YYYY-MM`, up to the current month. */
  firstPeriod: string;
  lastPeriod: string;
  /** Whether some months are given day by day. */
  daily: boolean;
}

/** The outcome of a metric source's last load. */
export interface BusinessMetricSourceStatus {
  source: string;
  /** `refused`: the last load was refused whole (`message` says why); the values before it stay. */
  status: 'succeeded' | 'refused';
  attemptedAt: string;
  /** When the values now stored were loaded. */
  loadedAt?: string;
  /** How many values the source's stored load holds. */
  values: number;
  message?: string;
}

/** Answer of `GET /api/finops/business-metrics`. */
export interface BusinessMetricsResponse {
  /** The metrics of the entities the caller may see in the catalog, by entity and metric. */
  items: BusinessMetricSummary[];
  sources: BusinessMetricSourceStatus[];
}
