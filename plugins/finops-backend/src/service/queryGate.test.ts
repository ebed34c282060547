import { EventEmitter } from 'node:events';
import { Request, Response } from 'express';
import { createQueryGate } from './queryGate';

/** A response that can be closed by its client, as Node's is: `closed`, then 'close' once. */
function response() {
  const res = Object.assign(new EventEmitter(), {
    closed: false,
    setHeader: () => {},
  });
  return {
    res: res as unknown as Response,
    close: () => {
      res.closed = true;
      res.emit('close');
    },
  };
}

describe('the query gate', () => {
  const req = {} as Request;

  it('gives back the slot of a client that left between its admission and its turn', async () => {
    const gate = createQueryGate({ maxConcurrent: 1, maxQueued: 1 });
    const running = response();
    const queued = response();
    const started: string[] = [];
    await gate(req, running.res, () => started.push('running'));
    const waiting = gate(req, queued.res, () => started.push('queued'));
    // Both clients go in the same tick (a load generator stopping): the queued one is admitted
    // by the first close, and its own close comes before its admission is seen.
    running.close();
    queued.close();
    await waiting;
    expect(started).toEqual(['running']);

    // The slot is free again: the next request goes through at once.
    const next = response();
    await gate(req, next.res, () => started.push('next'));
    expect(started).toEqual(['running', 'next']);
  });
});
