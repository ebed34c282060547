import { Config } from '@backstage/config';
import { AsyncLocalStorage } from 'node:async_hooks';

/** The limits of the queries of one HTTP request. */
export interface RequestQueryLimits {
  /** PostgreSQL's statement_timeout for the request's queries, in milliseconds. */
  statementTimeoutMs: number;
}

const requestScope = new AsyncLocalStorage<RequestQueryLimits>();

const DURATION = /^(\d+)\s*(ms|s|min)?$/;
const UNIT_MS = { ms: 1, s: 1000, min: 60_000 } as const;

/**
 * Reads `finops.database.statementTimeout`: milliseconds as a number, or a string such as
 * `'30s'`, `'500ms'`, `'2min'`. Default 30 seconds.
 */
export function readStatementTimeoutMs(config: Config): number {
  const key = 'finops.database.statementTimeout';
  const value = config.getOptional(key);
  if (value === undefined) return 30_000;
  const match = DURATION.exec(String(value).trim());
  const ms = match
    ? Number(match[1]) * UNIT_MS[(match[2] ?? 'ms') as keyof typeof UNIT_MS]
    : NaN;
  if (!Number.isSafeInteger(ms) || ms < 1) {
    throw new Error(
      `Invalid ${key} '${value}': a duration such as '30s', '500ms' or '2min'`,
    );
  }
  return ms;
}

/** Runs `fn` (an HTTP request's handling) with its queries under `limits`. */
export function runWithRequestLimits<T>(
  limits: RequestQueryLimits,
  fn: () => T,
): T {
  return requestScope.run(limits, fn);
}

/** Runs `fn` outside any request's limits: work a request starts but does not wait for (a run). */
export function runOutsideRequest<T>(fn: () => T): T {
  return requestScope.exit(fn);
}

/** The limits of the request whose handling is running, if any. */
export function currentRequestLimits(): RequestQueryLimits | undefined {
  return requestScope.getStore();
}
