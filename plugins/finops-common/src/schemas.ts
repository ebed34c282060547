import { z } from 'zod';
import { monthIndex } from './months';

/** A catalog entity reference in full form, `kind:namespace/name`, lower-cased. */
export const entityRefSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^[a-z0-9][a-z0-9._-]*:[a-z0-9][a-z0-9._-]*\/[a-z0-9][a-z0-9._-]*$/,
    'must be a full entity reference such as component:default/checkout',
  );

/** Query of `GET /api/finops/entity-status`. */
export const entityStatusQuerySchema = z
  .object({ entityRef: entityRefSchema })
  .strict();

/** The years a month or a day of the API may be in. */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

/** Text without a NUL character (PostgreSQL cannot store one): every free-text input. */
export function textSchema(options: {
  min?: number;
  max: number;
  trim?: boolean;
}) {
  return (options.trim ? z.string().trim() : z.string())
    .min(options.min ?? 0)
    .max(options.max)
    .refine(
      value => !value.includes('\u0000'),
      'must not contain a NUL character',
    );
}

/** A month, `YYYY-MM`, of a year from 2000 to 2100. */
export const monthSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month such as 2026-03')
  .refine(month => {
    const year = Number(month.slice(0, 4));
    return year >= MIN_YEAR && year <= MAX_YEAR;
  }, `must be a month of the years ${MIN_YEAR} to ${MAX_YEAR}`);

/** A day, `YYYY-MM-DD`, that exists (no 2026-02-30), of a year from 2000 to 2100. */
export const daySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day such as 2026-03-15')
  .refine(day => {
    const [year, month, date] = day.split('-').map(Number);
    const parsed = new Date(Date.UTC(year, month - 1, date));
    return (
      year >= MIN_YEAR &&
      year <= MAX_YEAR &&
      parsed.getUTCMonth() === month - 1 &&
      parsed.getUTCDate() === date
    );
  }, `must be a day of the calendar, of the years ${MIN_YEAR} to ${MAX_YEAR}`);

/**
 * A whole number of a query string, in decimal digits only (no `0x10`, `1e3`, ` 1`), from `min`
 * to `max` (at most 2^53 − 1, so that it is exact in JavaScript and fits a bigint).
 */
export function queryIntegerSchema(options: {
  min: number;
  max?: number;
  default?: number;
}) {
  const max = options.max ?? Number.MAX_SAFE_INTEGER;
  const schema = z
    .union([
      z.number(),
      z
        .string()
        .regex(/^\d{1,16}$/, 'must be a whole number in decimal digits')
        .transform(Number),
    ])
    .pipe(
      z
        .number()
        .int('must be a whole number')
        .min(options.min, `must be at least ${options.min}`)
        .max(max, `must be at most ${max}`),
    );
  return options.default === undefined
    ? schema
    : schema.default(options.default);
}

/** The id of a stored record in a path (`/runs/:runId`): decimal digits, 1 to 2^53 − 1. */
export const idSchema = z
  .string()
  .regex(/^\d{1,16}$/, 'must be an id in decimal digits')
  .transform(Number)
  .refine(
    id => id >= 1 && id <= Number.MAX_SAFE_INTEGER,
    `must be an id from 1 to ${Number.MAX_SAFE_INTEGER}`,
  );

/** `?limit=`: how many items a list returns (1–500, default 50). */
export const listLimitSchema = z
  .object({ limit: queryIntegerSchema({ min: 1, max: 500, default: 50 }) })
  .strict();

/** Body of `POST /api/finops/ingestion/runs`. */
export const ingestionTriggerSchema = z
  .object({
    /** Replace months even when a guard (rejects, empty or sharply smaller month) refuses. */
    force: z.boolean().optional(),
    months: z.array(monthSchema).min(1).max(36).optional(),
    sources: z
      .array(textSchema({ min: 1, max: 100 }))
      .min(1)
      .max(50)
      .optional(),
  })
  .strict();

/** The longest range of months a query may ask for: 5 years. */
export const MAX_RANGE_MONTHS = 60;

/** The order check of a `from`/`to` pair of months (use with `superRefine`): `to` not before `from`. */
export function checkMonthOrder(
  range: { from: string; to: string },
  ctx: z.RefinementCtx,
): void {
  if (range.to < range.from) {
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      message: `must not be before from (${range.from})`,
    });
  }
}

/** Two months in order, `from` first (any length: see {@link checkMonthRange} for the API's). */
export const monthPeriodSchema = z
  .object({ from: monthSchema, to: monthSchema })
  .superRefine(checkMonthOrder);

/**
 * The range check of every `from`/`to` query (use with `superRefine`): adds an issue when `to`
 * is before `from` or the range is over 5 years.
 */
export function checkMonthRange(
  range: { from: string; to: string },
  ctx: z.RefinementCtx,
): void {
  // A month that is not one has its own issue already.
  if (!monthSchema.safeParse(range.from).success) return;
  if (!monthSchema.safeParse(range.to).success) return;
  const months = monthIndex(range.to) - monthIndex(range.from) + 1;
  if (months < 1) {
    checkMonthOrder(range, ctx);
  } else if (months > MAX_RANGE_MONTHS) {
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      message: `the range is ${months} months; at most ${MAX_RANGE_MONTHS} (5 years)`,
    });
  }
}

/** A `through` day, when given, is a day of the `to` month. */
function checkThrough(
  query: { to: string; through?: string },
  ctx: z.RefinementCtx,
): void {
  if (query.through && query.through.slice(0, 7) !== query.to) {
    ctx.addIssue({
      code: 'custom',
      path: ['through'],
      message: `must be a day of the to month (${query.to})`,
    });
  }
}

/** The cost groupings the API knows. */
export const COST_GROUP_BYS = [
  'domain',
  'family',
  'product',
  'account',
  'region',
  'component',
] as const;

/** Query of `GET /api/finops/costs`. */
export const costsQuerySchema = z
  .object({
    entityRef: entityRefSchema,
    view: textSchema({ min: 1, max: 100 }).default('actual'),
    from: monthSchema,
    to: monthSchema,
    granularity: z.enum(['month', 'day']).default('month'),
    groupBy: z.enum(COST_GROUP_BYS).default('domain'),
    /** Compare with another pricing view over the same period. */
    compareView: textSchema({ min: 1, max: 100 }).optional(),
    /** Compare with the previous period of the same length. */
    compareTo: z.enum(['previous']).optional(),
    format: z.enum(['json', 'csv']).default('json'),
    /** The last day included: the `to` month is cut after it. */
    through: daySchema.optional(),
  })
  .strict()
  .superRefine((query, ctx) => {
    checkMonthRange(query, ctx);
    checkThrough(query, ctx);
    if (query.compareView && query.compareTo) {
      ctx.addIssue({
        code: 'custom',
        path: ['compareTo'],
        message: 'compare with a view or a period, not both',
      });
    }
  });

/** A pricing view's key: lower case, digits and dashes. */
export const viewKeySchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,62}$/,
    'must be lower case letters, digits and dashes, at most 63',
  );

/** Body of `POST /api/finops/pricing-views`. */
export const pricingViewCreateSchema = z
  .object({
    key: viewKeySchema,
    name: textSchema({ min: 1, max: 200, trim: true }),
    description: textSchema({ max: 2000 }).default(''),
    kind: z.enum(['list', 'contracted', 'budget', 'forecast', 'what-if']),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD'),
    parent: viewKeySchema.optional(),
  })
  .strict();

/** Body of `PATCH /api/finops/pricing-views/:key`. */
export const pricingViewUpdateSchema = pricingViewCreateSchema
  .omit({ key: true, kind: true })
  .partial()
  .strict()
  .refine(update => Object.keys(update).length > 0, 'nothing to change');

/** Body of `POST /api/finops/pricing-views/:key/copy`. */
export const pricingViewCopySchema = z
  .object({
    key: viewKeySchema,
    name: textSchema({ min: 1, max: 200, trim: true }),
  })
  .strict();

const decimalText = z
  .union([z.string(), z.number()])
  .transform(value => String(value).trim())
  .refine(
    value => /^\d+(\.\d+)?$/.test(value),
    'must be a non-negative decimal number',
  );

/** One rule of a pricing view, as the bulk routes take it (JSON, or a CSV row with these columns). */
export const pricingRuleInputSchema = z
  .object({
    product: textSchema({ min: 1, max: 500 }).optional(),
    family: textSchema({ min: 1, max: 200 }).optional(),
    domain: textSchema({ min: 1, max: 100 }).optional(),
    unitPrice: decimalText.optional(),
    multiplier: decimalText.optional(),
    validFrom: monthSchema,
    validTo: monthSchema.optional(),
  })
  .strict()
  .superRefine((rule, ctx) => {
    const targets = [rule.product, rule.family, rule.domain].filter(
      Boolean,
    ).length;
    if (targets !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: 'name exactly one of product, family or domain',
      });
    }
    if ((rule.unitPrice === undefined) === (rule.multiplier === undefined)) {
      ctx.addIssue({
        code: 'custom',
        message: 'give exactly one of unitPrice or multiplier',
      });
    }
    if (rule.validTo && monthIndex(rule.validTo) < monthIndex(rule.validFrom)) {
      ctx.addIssue({
        code: 'custom',
        path: ['validTo'],
        message: 'must not be before validFrom',
      });
    }
  });

/** Body of `PATCH /api/finops/domains/:key`. */
export const domainUpdateSchema = z
  .object({
    mode: z.enum(['DIRECT', 'INDIRECT']).optional(),
    indirectMethodKey: textSchema({ min: 1, max: 100, trim: true }).optional(),
    indirectLabel: textSchema({ min: 1, max: 200, trim: true }).optional(),
  })
  .strict()
  .refine(update => Object.keys(update).length > 0, 'nothing to change');

/** `?limit=&offset=` of long lists (at most 1,000 a page). */
export const pageSchema = z
  .object({
    limit: queryIntegerSchema({ min: 1, max: 1000, default: 100 }),
    offset: queryIntegerSchema({ min: 0, default: 0 }),
  })
  .strict();

/** Query of `GET /api/finops/overview`. */
export const overviewQuerySchema = z
  .object({
    view: textSchema({ min: 1, max: 100 }).default('actual'),
    from: monthSchema,
    to: monthSchema,
    cloud: textSchema({ min: 1, max: 100 }).optional(),
    account: textSchema({ min: 1, max: 100 }).optional(),
    category: textSchema({ min: 1, max: 100 }).optional(),
    /** The last day included: the `to` month is cut after it. */
    through: daySchema.optional(),
  })
  .strict()
  .superRefine((query, ctx) => {
    checkMonthRange(query, ctx);
    checkThrough(query, ctx);
  });

/** Query of `POST /pricing-views/:key/rules`: `dryRun=true` checks every rule and writes nothing. */
export const rulesImportQuerySchema = z
  .object({ dryRun: z.enum(['true', 'false']).default('false') })
  .strict();

/** Query of `GET /pricing-targets`: the families or products a pricing rule can target. */
export const pricingRuleTargetsQuerySchema = z
  .object({
    type: z.enum(['family', 'product']),
    search: textSchema({ max: 200, trim: true }).optional(),
    limit: queryIntegerSchema({ min: 1, max: 500, default: 50 }),
  })
  .strict();
