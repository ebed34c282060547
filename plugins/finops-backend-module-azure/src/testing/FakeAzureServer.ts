import Decimal from 'decimal.js';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';

/** One line of usage the fake Cost Management holds, as the usage details would show it. */
export interface FakeUsage {
  day: string;
  subscriptionId: string;
  meterId: string;
  meter: string;
  service: string;
  location: string;
  unit: string;
  tags: Record<string, string>;
  quantity: string;
  /** ActualCost. */
  cost: string;
  /** AmortizedCost. */
  amortizedCost: string;
  currency?: string;
}

/** An answer the server gives instead of the next query's result. */
export interface FakeFault {
  status: number;
  headers?: Record<string, string>;
  code?: string;
  message?: string;
  /** Only for a request this accepts (default: the next query request). */
  when?: (request: ReceivedRequest) => boolean;
}

/** A request the server received. */
export interface ReceivedRequest {
  at: number;
  method: string;
  path: string;
  query: URLSearchParams;
  authorization?: string;
  body: any;
}

const DIMENSIONS: Record<string, keyof FakeUsage> = {
  MeterId: 'meterId',
  Meter: 'meter',
  ServiceName: 'service',
  ResourceLocation: 'location',
  UnitOfMeasure: 'unit',
  SubscriptionId: 'subscriptionId',
};

/** A number cell written as raw JSON text, so the answer carries exact decimals like the real API. */
class RawNumber {
  constructor(readonly text: string) {}
}

function jsonWithRawNumbers(value: unknown): string {
  if (value instanceof RawNumber) {
    return value.text;
  }
  if (Array.isArray(value)) {
    return `[${value.map(jsonWithRawNumbers).join(',')}]`;
  }
  if (value && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}:${jsonWithRawNumbers(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** A self-signed certificate for localhost, made with the openssl CLI. */
function selfSignedCertificate(): { key: string; cert: string } {
  const dir = fs.mkdtempSync(join(os.tmpdir(), 'fake-azure-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    return {
      key: fs.readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: fs.readFileSync(join(dir, 'cert.pem'), 'utf8'),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A local HTTPS server that answers like Microsoft Entra (OpenID metadata, client-credentials
 * token) and the Cost Management Query API (grouping, daily granularity, Sum aggregation,
 * `nextLink` paging with a skip token, Azure error bodies), over usage lines a test sets.
 */
export class FakeAzureServer {
  readonly requests: ReceivedRequest[] = [];
  readonly faults: FakeFault[] = [];
  tokenRequests = 0;
  usage: FakeUsage[] = [];
  pageSize = 1000;

  private constructor(
    private readonly server: https.Server,
    readonly ca: string,
  ) {}

  static async start(): Promise<FakeAzureServer> {
    const { key, cert } = selfSignedCertificate();
    const handler: { fake?: FakeAzureServer } = {};
    const server = https.createServer({ key, cert }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', chunk => chunks.push(chunk));
      req.on('end', () => {
        try {
          handler.fake!.handle(
            req,
            res,
            Buffer.concat(chunks).toString('utf8'),
          );
        } catch (error) {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(`fake server bug: ${error}`);
        }
      });
    });
    const fake = new FakeAzureServer(server, cert);
    handler.fake = fake;
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get url(): string {
    return `https://localhost:${(this.server.address() as AddressInfo).port}`;
  }

  /** The query requests received, in order. */
  get queries(): ReceivedRequest[] {
    return this.requests.filter(r => r.path.endsWith('/query'));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise(resolve => this.server.close(resolve));
  }

  private send(
    res: import('node:http').ServerResponse,
    status: number,
    body: string,
    headers: Record<string, string> = {},
  ) {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body);
  }

  private handle(
    req: import('node:http').IncomingMessage,
    res: import('node:http').ServerResponse,
    text: string,
  ) {
    // Parsed as a path: `//x` must not be read as a host.
    const url = new URL(`${this.url}${req.url ?? '/'}`);
    const path = url.pathname;
    if (path.endsWith('/.well-known/openid-configuration')) {
      const tenant = path.split('/')[1];
      const base = `${this.url}/${tenant}`;
      this.send(
        res,
        200,
        JSON.stringify({
          token_endpoint: `${base}/oauth2/v2.0/token`,
          authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
          end_session_endpoint: `${base}/oauth2/v2.0/logout`,
          jwks_uri: `${base}/discovery/v2.0/keys`,
          issuer: `${base}/v2.0`,
          response_types_supported: ['code', 'id_token', 'token'],
        }),
      );
      return;
    }
    if (path.endsWith('/oauth2/v2.0/token')) {
      this.tokenRequests += 1;
      const form = new URLSearchParams(text);
      if (
        form.get('grant_type') !== 'client_credentials' ||
        form.get('client_secret') !== 'test-secret'
      ) {
        this.send(res, 401, JSON.stringify({ error: 'invalid_client' }));
        return;
      }
      this.send(
        res,
        200,
        JSON.stringify({
          token_type: 'Bearer',
          expires_in: 3599,
          ext_expires_in: 3599,
          access_token: 'fake-access-token',
        }),
      );
      return;
    }
    const body = text ? JSON.parse(text) : undefined;
    const received: ReceivedRequest = {
      at: Date.now(),
      method: req.method ?? '',
      path,
      query: url.searchParams,
      authorization: req.headers.authorization,
      body,
    };
    this.requests.push(received);
    const match = /^(.*)\/providers\/Microsoft\.CostManagement\/query$/i.exec(
      path,
    );
    if (
      req.method !== 'POST' ||
      !match ||
      !url.searchParams.get('api-version')
    ) {
      this.error(res, {
        status: 404,
        code: 'NotFound',
        message: 'No such API',
      });
      return;
    }
    if (req.headers.authorization !== 'Bearer fake-access-token') {
      this.error(res, {
        status: 401,
        code: 'AuthenticationFailed',
        message: 'Bad token',
      });
      return;
    }
    const index = this.faults.findIndex(f => f.when?.(received) ?? true);
    if (index >= 0) {
      this.error(res, this.faults.splice(index, 1)[0]);
      return;
    }
    this.answerQuery(res, match[1], url, body);
  }

  private error(res: import('node:http').ServerResponse, fault: FakeFault) {
    this.send(
      res,
      fault.status,
      JSON.stringify({
        error: {
          code: fault.code ?? String(fault.status),
          message: fault.message ?? 'Fake failure',
        },
      }),
      fault.headers,
    );
  }

  private answerQuery(
    res: import('node:http').ServerResponse,
    scope: string,
    url: URL,
    body: any,
  ) {
    const subscription = /^\/subscriptions\/([^/]+)/i.exec(scope)?.[1];
    const from = body.timePeriod.from.slice(0, 10);
    const to = body.timePeriod.to.slice(0, 10);
    const daily = body.dataset.granularity === 'Daily';
    const grouping: Array<{ type: string; name: string }> =
      body.dataset.grouping ?? [];
    const aggregations = Object.values(
      body.dataset.aggregation as Record<string, { name: string }>,
    ).map(a => a.name);
    const costField: keyof FakeUsage =
      body.type === 'AmortizedCost' ? 'amortizedCost' : 'cost';

    const groups = new Map<string, { keys: string[]; sums: Decimal[] }>();
    for (const line of this.usage) {
      if (line.day < from || line.day > to) continue;
      if (subscription && line.subscriptionId !== subscription) continue;
      const keys: string[] = [];
      if (daily) keys.push(line.day.replace(/-/g, ''));
      for (const g of grouping) {
        if (g.type === 'TagKey') {
          const value = line.tags[g.name];
          keys.push(value === undefined ? '' : g.name, value ?? '');
        } else {
          keys.push(String(line[DIMENSIONS[g.name]]));
        }
      }
      keys.push(line.currency ?? 'USD');
      const id = keys.join('\u0000');
      const group = groups.get(id) ?? {
        keys,
        sums: aggregations.map(() => new Decimal(0)),
      };
      aggregations.forEach((name, i) => {
        const value =
          name === 'UsageQuantity' ? line.quantity : line[costField];
        group.sums[i] = group.sums[i].plus(value as string);
      });
      groups.set(id, group);
    }
    const columns = [
      ...aggregations.map(name => ({ name, type: 'Number' })),
      ...(daily ? [{ name: 'UsageDate', type: 'Number' }] : []),
      ...grouping.flatMap(g =>
        g.type === 'TagKey'
          ? [
              { name: 'TagKey', type: 'String' },
              { name: 'TagValue', type: 'String' },
            ]
          : [{ name: g.name, type: 'String' }],
      ),
      { name: 'Currency', type: 'String' },
    ];
    const rows = [...groups.values()]
      .sort((a, b) => a.keys.join('|').localeCompare(b.keys.join('|')))
      .map(({ keys, sums }) => [
        ...sums.map(sum => new RawNumber(sum.toFixed())),
        ...(daily ? [new RawNumber(keys[0])] : []),
        ...keys.slice(daily ? 1 : 0),
      ]);
    const skip = Number(
      Buffer.from(
        url.searchParams.get('$skiptoken') ?? 'MA==',
        'base64',
      ).toString(),
    );
    const page = rows.slice(skip, skip + this.pageSize);
    const next = skip + this.pageSize;
    const nextLink =
      next < rows.length
        ? `${this.url}${url.pathname}?api-version=${url.searchParams.get(
            'api-version',
          )}&$skiptoken=${encodeURIComponent(
            Buffer.from(String(next)).toString('base64'),
          )}`
        : null;
    this.send(
      res,
      200,
      jsonWithRawNumbers({
        id: `${scope}/providers/Microsoft.CostManagement/query/fake`,
        name: 'fake',
        type: 'Microsoft.CostManagement/query',
        location: null,
        sku: null,
        eTag: null,
        properties: { nextLink, columns, rows: page },
      }),
    );
  }
}
