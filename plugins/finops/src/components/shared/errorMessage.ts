import { ResponseError } from '@backstage/errors';

/**
 * What to tell the user about a failed call. A `ResponseError`'s own message only names the
 * status ("Request failed with 409 Conflict"); the backend's reason is in its cause.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof ResponseError && error.cause?.message) {
    return error.cause.message;
  }
  return error instanceof Error ? error.message : String(error);
}
