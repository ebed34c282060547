import { setTimeout as sleep } from 'node:timers/promises';

/** How often and how patiently a throttled or failing call is tried again. */
export interface RetryOptions {
  /** Tries in all, the first one included. Default 5. */
  maxAttempts: number;
  /** Delay before the second try; doubled before each further one. Default 1000 ms. */
  baseDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = {
  maxAttempts: 5,
  baseDelayMs: 1000,
};

/** Throttling error names of the AWS APIs (Cost Explorer answers `LimitExceededException`). */
const THROTTLING = new Set([
  'LimitExceededException',
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
]);

interface AwsError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

/** True for throttling and server-side (5xx) failures, which a later try may get through. */
export function isRetryable(error: unknown): boolean {
  const { name, $metadata } = (error ?? {}) as AwsError;
  if (name && THROTTLING.has(name)) {
    return true;
  }
  const status = $metadata?.httpStatusCode;
  return status !== undefined && status >= 500;
}

/** The provider's name of an error, e.g. `LimitExceededException`. */
export function errorName(error: unknown): string {
  return (error as AwsError)?.name ?? 'Error';
}

function describe(error: unknown): string {
  const { name, message, $metadata } = (error ?? {}) as AwsError;
  const status = $metadata?.httpStatusCode;
  return `${name ?? 'Error'}${status ? ` (HTTP ${status})` : ''}: ${
    message || 'no message'
  }`;
}

/**
 * Sends one request, counting every try (each is billed), and tries again after throttling or a
 * server error with exponential back-off (base, 2 × base, 4 × base, … with ±25 % jitter).
 * Gives up after `maxAttempts` tries, or at once on any other error, with an error that names
 * the operation and the provider's error.
 */
export async function callWithRetry<T>(
  operation: string,
  send: () => Promise<T>,
  options: RetryOptions & {
    countRequest?: (operation: string) => void;
    signal?: AbortSignal;
  },
): Promise<T> {
  const maxAttempts = Math.max(1, Math.floor(options.maxAttempts));
  for (let attempt = 1; ; attempt += 1) {
    options.signal?.throwIfAborted();
    options.countRequest?.(operation);
    try {
      return await send();
    } catch (error) {
      if (options.signal?.aborted) {
        throw error;
      }
      if (!isRetryable(error)) {
        throw new Error(
          `AWS Cost Explorer ${operation} failed: ${describe(error)}`,
          { cause: error },
        );
      }
      if (attempt >= maxAttempts) {
        throw new Error(
          `AWS Cost Explorer ${operation} gave up after ${attempt} tries: ${describe(
            error,
          )}`,
          { cause: error },
        );
      }
      const jitter = 0.75 + Math.random() * 0.5;
      await sleep(
        options.baseDelayMs * 2 ** (attempt - 1) * jitter,
        undefined,
        {
          signal: options.signal,
        },
      );
    }
  }
}
