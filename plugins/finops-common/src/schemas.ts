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
