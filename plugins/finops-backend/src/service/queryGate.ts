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
 * goes away, or at once when it went away before the gate. The bound is per replica: it protects
 * this process's pool, not the database.
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
    req: Request,
    res: Response,
    next: NextFunction,
  ) {
    // A client gone before the request reached the gate (while it was authenticated, say) will
    // never close again: it takes no slot, and nothing is answered to it.
    if (res.destroyed || req.socket?.destroyed) return;
    let released = false;
    const done = () => {
      if (!released) {
        released = true;
        release();
      }
    };
    // Listened for from the moment the request holds a slot: a client that goes away at once
    // (its close event can come before the admitted request runs again) still gives it back.
    const hold = () => {
      res.once('finish', done);
      res.once('close', done);
    };
    if (running < limits.maxConcurrent) {
      running += 1;
      hold();
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
          hold();
          resolve(true);
        };
        queue.push(entry);
        res.once('close', leave);
      });
      // Admitted, but its client is gone already: the slot went on to the next in line.
      if (!admitted || released) return;
    } else {
      res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      throw new ServiceUnavailableError(
        `Too many cost queries at once; try again in ${RETRY_AFTER_SECONDS} seconds`,
      );
    }
    next();
  };
}
