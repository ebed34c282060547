import { z } from 'zod';
import {
  checkMonthRange,
  daySchema,
  entityRefSchema,
  monthSchema,
  queryIntegerSchema,
  textSchema,
  viewKeySchema,
} from './schemas';

/** What a budget covers. */
export const BUDGET_SCOPE_TYPES = [
  'entity',
  'domain',
  'account',
  'estate',
] as const;
export type BudgetScopeType = (typeof BUDGET_SCOPE_TYPES)[number];

/** The period a budget's amount is for. */
export const BUDGET_PERIODS = ['month', 'quarter', 'year'] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];

/** The thresholds used when a budget names none, in percent of its amount. */
export const DEFAULT_BUDGET_THRESHOLDS = ['50', '80', '100'];

const amountText = z
  .union([z.string(), z.number()])
  .transform(value => String(value).trim())
  .refine(
    value => /^\d{1,15}(\.\d{1,2})?$/.test(value) && Number(value) > 0,
    'must be a positive amount with at most 2 decimals',
  );

const thresholdsSchema = z
  .array(
    z
      .union([z.string(), z.number()])
      .transform(value => String(value).trim())
      .refine(
        value =>
          /^\d{1,3}(\.\d{1,2})?$/.test(value) &&
          Number(value) > 0 &&
          Number(value) <= 500,
        'must be a percentage between 0 and 500',
      ),
  )
  .min(1)
  .max(10);

/** Body of `POST /api/finops/budgets`. */
export const budgetCreateSchema = z
  .object({
    name: textSchema({ min: 1, max: 200, trim: true }),
    scopeType: z.enum(BUDGET_SCOPE_TYPES),
    /** Entity ref, domain key or account key; absent for the estate. */
    scopeRef: textSchema({ min: 1, max: 300, trim: true }).optional(),
    period: z.enum(BUDGET_PERIODS),
    amount: amountText,
    /** Defaults to the pricing view's currency; must equal it. */
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD')
      .optional(),
    view: viewKeySchema.default('actual'),
    thresholds: thresholdsSchema.optional(),
    alertOnForecast: z.boolean().default(false),
  })
  .strict()
  .superRefine((budget, ctx) => {
    if ((budget.scopeType === 'estate') !== (budget.scopeRef === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['scopeRef'],
        message:
          budget.scopeType === 'estate'
            ? 'the estate has no scopeRef'
            : `a ${budget.scopeType} budget needs a scopeRef`,
      });
    }
    if (
      budget.scopeType === 'entity' &&
      budget.scopeRef !== undefined &&
      !entityRefSchema.safeParse(budget.scopeRef).success
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['scopeRef'],
        message:
          'must be a full entity reference such as component:default/checkout',
      });
    }
  });

/** Body of `PATCH /api/finops/budgets/:id`: the scope of a budget does not change. */
export const budgetUpdateSchema = z
  .object({
    name: textSchema({ min: 1, max: 200, trim: true }).optional(),
    period: z.enum(BUDGET_PERIODS).optional(),
    amount: amountText.optional(),
    view: viewKeySchema.optional(),
    thresholds: thresholdsSchema.optional(),
    alertOnForecast: z.boolean().optional(),
  })
  .strict()
  .refine(update => Object.keys(update).length > 0, 'nothing to change');

/** Query of `GET /api/finops/budgets`. */
export const budgetListQuerySchema = z
  .object({
    /** Only the budgets of this entity (and what it owns is not included). */
    entityRef: entityRefSchema.optional(),
    /** Add each budget's status (slower). */
    status: z.enum(['true', 'false']).default('false'),
    /** A page of the budgets, oldest first: at most 500. */
    limit: queryIntegerSchema({ min: 1, max: 500, default: 200 }),
    offset: queryIntegerSchema({ min: 0, default: 0 }),
  })
  .strict();

/** Query of `GET /api/finops/budgets/:id/status`: a day of the period to report (default today). */
export const budgetStatusQuerySchema = z
  .object({
    at: daySchema.optional(),
  })
  .strict();

/** Query of `GET /api/finops/anomalies`. */
export const anomaliesQuerySchema = z
  .object({
    /** An entity; absent for the estate. */
    entityRef: entityRefSchema.optional(),
    view: textSchema({ min: 1, max: 100 }).default('actual'),
    from: monthSchema,
    to: monthSchema,
  })
  .strict()
  .superRefine(checkMonthRange);

/** Query of `GET /api/finops/forecast`. */
export const forecastQuerySchema = z
  .object({
    entityRef: entityRefSchema.optional(),
    view: textSchema({ min: 1, max: 100 }).default('actual'),
  })
  .strict();

/** A budget as the API shows it. */
export interface Budget {
  id: string;
  name: string;
  scopeType: BudgetScopeType;
  scopeRef?: string;
  /** The catalog owner of an entity scope (a group owns itself). */
  ownerRef?: string;
  period: BudgetPeriod;
  amount: string;
  currency: string;
  view: string;
  thresholds: string[];
  alertOnForecast: boolean;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** A threshold of a budget and whether actual or forecast cost crossed it. */
export interface BudgetThresholdStatus {
  percent: string;
  /** Amount × percent / 100. */
  amount: string;
  crossedByActual: boolean;
  crossedByForecast: boolean;
}

/** Where a budget stands in a period. Amounts are decimal strings rounded to cents. */
export interface BudgetStatus {
  budgetId: string;
  periodStart: string;
  periodEnd: string;
  /** The last day counted in `actual` (yesterday, or the period's end). */
  asOf: string;
  daysElapsed: number;
  daysInPeriod: number;
  amount: string;
  actual: string;
  /** Actual to date plus the forecast of the remaining days. */
  forecast: string;
  forecastLow: string;
  forecastHigh: string;
  /** Actual ÷ days elapsed. */
  burnRatePerDay: string;
  /** Days before the budget is spent at the burn rate; 0 when it is spent; null with no burn. */
  daysLeft: number | null;
  /** Forecast − amount (positive: over budget). */
  variance: string;
  /** Actual ÷ amount, percent. */
  percentUsed: string;
  /** Forecast ÷ amount, the risk the Budgets tab sorts by. */
  risk: string;
  thresholds: BudgetThresholdStatus[];
  /** Cumulative actual by day, and the forecast's cumulative path to period end. */
  series: Array<{
    day: string;
    actual?: string;
    forecast?: string;
    low?: string;
    high?: string;
  }>;
}

/** An alert a budget raised. */
export interface BudgetAlert {
  id: string;
  budgetId: string;
  periodStart: string;
  kind: 'actual' | 'forecast';
  threshold: string;
  actual: string;
  forecast?: string;
  amount: string;
  at: string;
}

/** A day whose cost is far from what its weekday and level let expect. */
export interface CostAnomaly {
  day: string;
  expected: string;
  actual: string;
  difference: string;
  /** Robust z-score of the residual. */
  score: number;
  /** The products that explain most of the difference. */
  products: Array<{
    key: string;
    label: string;
    expected: string;
    actual: string;
    difference: string;
  }>;
}

/** Answer of `GET /api/finops/anomalies`. */
export interface AnomaliesResponse {
  entityRef?: string;
  view: string;
  from: string;
  to: string;
  method: string;
  anomalies: CostAnomaly[];
}

/** Answer of `GET /api/finops/forecast`. */
export interface ForecastResponse {
  entityRef?: string;
  view: string;
  currency: string;
  /** The last day of history used. */
  asOf: string;
  method: string;
  months: Array<{ month: string; forecast: string; low: string; high: string }>;
  /** Backtested mean absolute percentage error of monthly totals, per horizon (1 to 3 months). */
  backtest: Array<{
    horizonMonths: number;
    mape: string | null;
    folds: number;
  }>;
}
