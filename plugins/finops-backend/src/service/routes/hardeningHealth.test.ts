import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import knexFactory, { Knex } from 'knex';
import net from 'node:net';
import request from 'supertest';
import { finopsPlugin } from '../../plugin';
import { finopsTestConfig } from './__testUtils__/testBackend';

jest.setTimeout(120_000);

/**
 * A TCP relay in front of PostgreSQL: the backend connects through it, and shutting it is the
 * database going away (open connections cut, new ones refused), as when PostgreSQL is down.
 */
async function startRelay(target: { host: string; port: number }) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer(client => {
    const upstream = net.connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    async shut() {
      if (!server.listening) return;
      const closed = new Promise(resolve => server.close(resolve));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

/** What an error body must never show: the database's address, its port, a stack, the driver's words. */
function expectNoInfrastructure(body: unknown, port: number) {
  const text = JSON.stringify(body);
  expect(text).not.toContain(String(port));
  expect(text).not.toContain('127.0.0.1');
  expect(text).not.toMatch(
    /ECONNREFUSED|ECONNRESET|connect |knex|pg_|\bat \w/i,
  );
  expect(text).not.toContain('"stack"');
}

describe('hardening: /health and error bodies when the database goes away (issue 17, 7)', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });
  const nodeEnv = process.env.NODE_ENV;
  const clients = new Array<Knex>();
  const relays = new Array<{ shut(): Promise<void> }>();

  beforeAll(() => {
    // Production mode: the backend's error handler decides on stacks when it is created.
    process.env.NODE_ENV = 'production';
  });
  afterAll(async () => {
    process.env.NODE_ENV = nodeEnv;
    await Promise.all(clients.map(client => client.destroy()));
    await Promise.all(relays.map(relay => relay.shut()));
  });

  async function startBehindRelay() {
    const direct = await databases.init('POSTGRES_18');
    const connection = direct.client.config
      .connection as Knex.PgConnectionConfig;
    const relay = await startRelay({
      host: String(connection.host),
      port: Number(connection.port),
    });
    relays.push(relay);
    const knex = knexFactory({
      client: 'pg',
      connection: {
        // Named one by one: knex hides the password from a spread.
        user: connection.user,
        password: connection.password,
        database: connection.database,
        host: '127.0.0.1',
        port: relay.port,
      },
      pool: { min: 0, max: 5 },
      acquireConnectionTimeout: 5_000,
    });
    clients.push(knex);
    const { server } = await startTestBackend({
      features: [
        finopsPlugin,
        mockServices.database.factory({ knex }),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        catalogServiceMock.factory({ entities: [] }),
        finopsTestConfig(),
      ],
    });
    return { server, relay, direct };
  }

  it('answers 503 degraded, with nothing about the infrastructure, and routes answer 503 without detail', async () => {
    const { server, relay } = await startBehindRelay();
    const up = await request(server)
      .get('/api/finops/health')
      .set('authorization', '');
    expect(up.status).toBe(200);
    expect(up.body.status).toBe('ok');

    await relay.shut();

    const health = await request(server)
      .get('/api/finops/health')
      .set('authorization', '');
    expect(health.status).toBe(503);
    expect(health.body).toEqual({ status: 'degraded' });
    expectNoInfrastructure(health.body, relay.port);

    const runs = await request(server).get('/api/finops/ingestion/runs');
    expect(runs.status).toBe(503);
    expect(runs.headers['retry-after']).toMatch(/^\d+$/);
    expect(runs.body.error).toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringMatching(/database is unavailable/),
    });
    expectNoInfrastructure(runs.body, relay.port);
  });

  it('answers a 500 without a stack or SQL in production mode', async () => {
    const { server, relay, direct } = await startBehindRelay();
    // A fault the routes cannot foresee: a table of the mart is gone.
    await direct.raw('ALTER TABLE dim_domain RENAME TO dim_domain_gone');
    const domains = await request(server).get('/api/finops/domains');
    expect(domains.status).toBe(500);
    expect(domains.body.error.message).toMatch(
      /^An internal error occurred logId=[0-9a-f]+$/,
    );
    expect(JSON.stringify(domains.body)).not.toMatch(
      /dim_domain|relation|select/i,
    );
    expectNoInfrastructure(domains.body, relay.port);
  });
});
