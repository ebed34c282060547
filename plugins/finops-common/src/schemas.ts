import { z } from 'zod';

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

/** A month, `YYYY-MM`. */
export const monthSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month such as 2026-03');

/** `?limit=`: how many items a list returns (1–500, default 50). */
export const listLimitSchema = z
  .object({ limit: z.coerce.number().int().min(1).max(500).default(50) })
  .strict();

/** Body of `POST /api/finops/ingestion/runs`. */
export const ingestionTriggerSchema = z
  .object({
    /** Replace months even when a guard (rejects, empty or sharply smaller month) refuses. */
    force: z.boolean().optional(),
    months: z.array(monthSchema).min(1).max(36).optional(),
    sources: z.array(z.string().min(1)).min(1).max(50).optional(),
  })
  .strict();

const MAX_RANGE_MONTHS = 60;

function monthIndex(month: string): number {
  const [year, m] = month.split('-').map(Number);
  return year * 12 + m - 1;
}

/** The month `by` months after `month` (before, when negative), both `YYYY-MM`. */
export function shiftMonth(month: string, by: number): string {
  const index = monthIndex(month) + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(
    2,
    '0',
  )}`;
}

/** Adds an issue when `to` is before `from` or the range is over 5 years. */
function checkMonthRange(
  range: { from: string; to: string },
  ctx: z.RefinementCtx,
): void {
  const months = monthIndex(range.to) - monthIndex(range.from) + 1;
  if (months < 1) {
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      message: `must not be before from (${range.from})`,
    });
  } else if (months > MAX_RANGE_MONTHS) {
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      message: `the range is ${months} months; at most ${MAX_RANGE_MONTHS} (5 years)`,
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
    view: z.string().min(1).max(100).default('actual'),
    from: monthSchema,
    to: monthSchema,
    granularity: z.enum(['month', 'day']).default('month'),
    groupBy: z.enum(COST_GROUP_BYS).default('domain'),
    /** Compare with another pricing view over the same period. */
    compareView: z.string().min(1).max(100).optional(),
    /** Compare with the previous period of the same length. */
    compareTo: z.enum(['previous']).optional(),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .strict()
  .superRefine((query, ctx) => {
    checkMonthRange(query, ctx);
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
    name: z.string().trim().min(1).max(200),
    description: z.string().max(2000).default(''),
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
  .object({ key: viewKeySchema, name: z.string().trim().min(1).max(200) })
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
    product: z.string().min(1).optional(),
    family: z.string().min(1).optional(),
    domain: z.string().min(1).optional(),
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
    indirectMethodKey: z.string().trim().min(1).max(100).optional(),
    indirectLabel: z.string().trim().min(1).max(200).optional(),
  })
  .strict()
  .refine(update => Object.keys(update).length > 0, 'nothing to change');

/** `?limit=&offset=` of long lists (at most 1,000 a page). */
export const pageSchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();

/** Query of `GET /api/finops/overview`. */
export const overviewQuerySchema = z
  .object({
    view: z.string().min(1).max(100).default('actual'),
    from: monthSchema,
    to: monthSchema,
    cloud: z.string().min(1).max(100).optional(),
    account: z.string().min(1).max(100).optional(),
    category: z.string().min(1).max(100).optional(),
  })
  .strict()
  .superRefine((query, ctx) => {
    checkMonthRange(query, ctx);
  });
