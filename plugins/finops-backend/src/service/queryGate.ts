import { Config } from '@backstage/config';
import { ServiceUnavailableError } from '@backstage/errors';
import { NextFunction, Request, Response } from 'express';

/** Seconds a refused request is told to wait before it tries again. */
export const RETRY_AFTER_SECONDS = 5;

/** How many heavy requests of this replica may query at once, and how many may wait. */
export interface QueryGateLimits {
  maxConcurrent: number;
  maxQueued: number;
}

/** Reads `finops.database.maxConcurrentQueries` (default 4) and `maxQueuedQueries` (default 32). */
export function readQueryGateLimits(config: Config): QueryGateLimits {
  const read = (key: string, fallback: number, min: number) => {
    const value =
      config.getOptionalNumber(`finops.database.${key}`) ?? fallback;
    if (!Number.isSafeInteger(value) || value < min) {
      throw new Error(
        `Invalid finops.database.${key} ${value}: an integer of at least ${min}`,
      );
    }
    return value;
  };
  return {
    maxConcurrent: read('maxConcurrentQueries', 4, 1),
    maxQueued: read('maxQueuedQueries', 32, 0),
  };
}

/**
 * Express middleware that lets at most `maxConcurrent` requests through at once and queues up to
 * `maxQueued` more (first come, first served); beyond that a request is refused with a 503 and
 * Retry-After rather than piling up. A slot is given back when the response ends or the client
 * goes away. The bound is per replica: it protects this process's pool, not the database.
 */
export function createQueryGate(limits: QueryGateLimits) {
  let running = 0;
  const queue = new Array<{ admit: () => void }>();

  const release = () => {
    const nextInLine = queue.shift();
    if (nextInLine) {
      nextInLine.admit();
    } else {
      running -= 1;
    }
  };

  return async function queryGate(
    _req: Request,
    res: Response,
    next: NextFunction,
  ) {
    if (running < limits.maxConcurrent) {
      running += 1;
    } else if (queue.length < limits.maxQueued) {
      const admitted = await new Promise<boolean>(resolve => {
        const entry = { admit: () => {} };
        // A client that gives up while waiting leaves the queue.
        const leave = () => {
          const index = queue.indexOf(entry);
          if (index >= 0) queue.splice(index, 1);
          resolve(false);
        };
        entry.admit = () => {
          res.off('close', leave);
          resolve(true);
        };
        queue.push(entry);
        res.once('close', leave);
      });
      if (!admitted) return;
    } else {
      res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      throw new ServiceUnavailableError(
        `Too many cost queries at once; try again in ${RETRY_AFTER_SECONDS} seconds`,
      );
    }
    let released = false;
    const done = () => {
      if (!released) {
        released = true;
        release();
      }
    };
    res.once('finish', done);
    res.once('close', done);
    // A client that went away between its admission and now was heard by no one ('close' is
    // emitted once): its slot is given back here, or it would be lost for good.
    if (res.closed) {
      done();
      return;
    }
    next();
  };
}
