import { EventEmitter } from 'node:events';
import express, { Request, Response } from 'express';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { createQueryGate } from './queryGate';

/**
 * A server with one slot: `/slow` waits until the test lets it answer. Before the gate, a
 * request waits (as authentication holds it) until the test lets it on, when `holdBeforeGate`.
 */
async function gatedServer(holdBeforeGate = false) {
  const gate = createQueryGate({ maxConcurrent: 1, maxQueued: 4 });
  const waiting: Array<() => void> = [];
  const beforeGate: Array<() => void> = [];
  const app = express();
  app.use((req, _res, next) => {
    if (holdBeforeGate && req.path === '/slow') beforeGate.push(next);
    else next();
  });
  app.get('/slow', gate, (_req, res) => {
    waiting.push(() => res.json({ ok: true }));
  });
  app.get('/fast', gate, (_req, res) => {
    res.json({ ok: true });
  });
  const server = http.createServer(app);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, port, waiting, beforeGate };
}

function get(port: number, path: string) {
  const request = http.get({ host: '127.0.0.1', port, path, agent: false });
  const answered = new Promise<number>((resolve, reject) => {
    request.on('response', incoming => {
      incoming.resume();
      resolve(incoming.statusCode!);
    });
    request.on('error', reject);
  });
  answered.catch(() => {});
  return { request, answered };
}

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

const pause = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

describe('the query gate', () => {
  let server: http.Server;
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise(resolve => server.close(resolve));
  });

  it('takes no slot for a client that went away before the request reached it', async () => {
    const started = await gatedServer(true);
    server = started.server;
    const requests = [1, 2, 3].map(() => get(started.port, '/slow'));
    while (started.beforeGate.length < 3) await pause(5);
    // Gone while the requests were held before the gate, as at the end of a load test.
    for (const { request } of requests) request.destroy();
    await pause(50);
    started.beforeGate.forEach(letOn => letOn());
    await pause(50);
    expect(started.waiting).toHaveLength(0);
    expect(await get(started.port, '/fast').answered).toBe(200);
  });

  it('gives every slot back when clients go away together, queued ones included', async () => {
    const started = await gatedServer();
    server = started.server;
    // One request holds the slot, three wait for it; then all four clients leave in one tick.
    const held = get(started.port, '/slow');
    const queued = [1, 2, 3].map(() => get(started.port, '/slow'));
    await pause(150);
    expect(started.waiting).toHaveLength(1);
    for (const { request } of [held, ...queued]) request.destroy();
    await pause(50);
    expect(await get(started.port, '/fast').answered).toBe(200);
    // What was let in answers into a closed socket without holding the slot.
    started.waiting.forEach(answer => answer());
    expect(await get(started.port, '/fast').answered).toBe(200);
  });
});

describe('the query gate, one tick at a time', () => {
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
