import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import { ErrorRequestHandler } from 'express';
import { randomBytes } from 'node:crypto';
import { RETRY_AFTER_SECONDS } from './queryGate';

/** Errors the backend's error handler answers with their own status and words. */
const ANSWERED = new Set([
  'InputError',
  'AuthenticationError',
  'NotAllowedError',
  'NotFoundError',
  'ConflictError',
  'NotModifiedError',
  'NotImplementedError',
  'ServiceUnavailableError',
]);

/** Node's and PostgreSQL's codes of a database that cannot be reached or refuses connections. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'EPIPE',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
]);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|Connection ended unexpectedly|Timeout acquiring a connection|Unable to acquire a connection/i;

type MaybeDbError = Error & {
  code?: unknown;
  status?: unknown;
  statusCode?: unknown;
};

/** A new error of `type` without a stack or a cause: what the client sees, and nothing more. */
function bare<E extends Error>(error: E): E {
  delete error.stack;
  return error;
}

/**
 * The router's last error handler: lets through the errors the routes throw on purpose (4xx,
 * ServiceUnavailableError), answers a database that is down or too slow with a 503 that says so
 * in plain words, and turns anything else into a 500 whose body names only a log id. The
 * original error, with its address, SQL and stack, goes to the log and never into a body,
 * whatever NODE_ENV says.
 */
export function hideInternalErrors(options: {
  logger: LoggerService;
  statementTimeoutMs: number;
}): ErrorRequestHandler {
  const { logger, statementTimeoutMs } = options;
  return (rawError, _req, res, next) => {
    const error = rawError as MaybeDbError & { type?: unknown };
    // express.json's errors quote the body they could not parse: answer without it.
    if (error?.type === 'entity.parse.failed') {
      next(bare(new InputError('The request body is not valid JSON')));
      return;
    }
    const status = Number(error?.statusCode ?? error?.status);
    if (
      error instanceof Error &&
      (ANSWERED.has(error.name) || (status >= 400 && status < 500))
    ) {
      next(error);
      return;
    }
    const code = String(error?.code ?? '');
    if (code === '57014') {
      logger.warn(`FinOps query cancelled: ${error.message}`);
      next(
        bare(
          new ServiceUnavailableError(
            /statement timeout/i.test(error.message)
              ? `The query took longer than ${statementTimeoutMs} ms (finops.database.statementTimeout); narrow the request or try again later`
              : 'The query was cancelled; try again later',
          ),
        ),
      );
      return;
    }
    if (
      UNAVAILABLE_CODES.has(code) ||
      error?.name === 'KnexTimeoutError' ||
      UNAVAILABLE_MESSAGES.test(String(error?.message))
    ) {
      logger.error('FinOps database unavailable', error);
      res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      next(
        bare(
          new ServiceUnavailableError(
            `The cost database is unavailable; try again in ${RETRY_AFTER_SECONDS} seconds`,
          ),
        ),
      );
      return;
    }
    const logId = randomBytes(10).toString('hex');
    logger.error(`FinOps internal error logId=${logId}`, error);
    next(bare(new Error(`An internal error occurred logId=${logId}`)));
  };
}
