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
