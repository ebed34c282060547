import Decimal from 'decimal.js';
import http from 'node:http';
import { AddressInfo } from 'node:net';

/** One line of usage the fake bills: an account, a day, a service and usage type, its tags. */
export interface FakeUsage {
  account: string;
  day: string;
  service: string;
  usageType: string;
  unit: string;
  tags: Record<string, string>;
  quantity: string;
  billed: string;
  amortized: string;
}

/** An HTTP answer of the fake. */
export interface FakeAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A request the fake received. */
export interface FakeRequest {
  operation: string;
  body: any;
}

type Expression = {
  And?: Expression[];
  Or?: Expression[];
  Not?: Expression;
  Dimensions?: { Key: string; Values?: string[] };
  Tags?: { Key: string; Values?: string[]; MatchOptions?: string[] };
};

const TARGET_PREFIX = 'AWSInsightsIndexService.';

/** An error answer as Cost Explorer sends it (awsJson1_1). */
export function errorAnswer(
  status: number,
  type: string,
  message: string,
): FakeAnswer {
  return {
    status,
    headers: {
      'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazon.insights/`,
    },
    body: { __type: `com.amazon.insights.v2015_10_25#${type}`, message },
  };
}

/**
 * A local server that answers like AWS Cost Explorer (awsJson1_1: POST / with
 * `X-Amz-Target: AWSInsightsIndexService.<Operation>`), so tests run the real SDK client.
 * GetCostAndUsage and GetDimensionValues are computed from `usage` (filters on accounts, services
 * and tags, ABSENT tags, groupings by dimension and tag, daily results, pages of `pageSize`
 * groups where a day may continue on the next page); other operations answer from `answers`.
 * Queued failures are answered first.
 */
export class FakeCostExplorer {
  readonly requests: FakeRequest[] = [];
  usage: FakeUsage[] = [];
  accountNames: Record<string, string> = {};
  /** Days from this one on are `Estimated`. */
  estimatedFrom?: string;
  pageSize = 20;
  answers: Record<string, (body: any) => unknown> = {};
  private readonly queued: Array<{ operation?: string; answer: FakeAnswer }> =
    [];

  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<FakeCostExplorer> {
    const server = http.createServer();
    const fake = new FakeCostExplorer(server);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', chunk => chunks.push(chunk));
      req.on('end', () => {
        const answer = fake.handle(req, Buffer.concat(chunks).toString());
        res.writeHead(answer.status, {
          'content-type': 'application/x-amz-json-1.1',
          'x-amzn-requestid': `req-${fake.requests.length}`,
          ...answer.headers,
        });
        res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
      });
    });
    await new Promise<void>(resolve =>
      server.listen(0, '127.0.0.1', () => resolve()),
    );
    return fake;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Answers the next `times` requests (of `operation`, or any) with `answer`. */
  failNext(
    answer: FakeAnswer,
    options: { operation?: string; times?: number } = {},
  ) {
    for (let i = 0; i < (options.times ?? 1); i += 1) {
      this.queued.push({ operation: options.operation, answer });
    }
  }

  /** The requests of one operation. */
  requestsOf(operation: string): FakeRequest[] {
    return this.requests.filter(request => request.operation === operation);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>(resolve => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, text: string): FakeAnswer {
    const target = String(req.headers['x-amz-target'] ?? '');
    if (
      req.method !== 'POST' ||
      req.url !== '/' ||
      !target.startsWith(TARGET_PREFIX) ||
      req.headers['content-type'] !== 'application/x-amz-json-1.1' ||
      !String(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256')
    ) {
      return errorAnswer(400, 'UnknownOperationException', 'bad request');
    }
    const operation = target.slice(TARGET_PREFIX.length);
    const body = JSON.parse(text || '{}');
    this.requests.push({ operation, body });
    const index = this.queued.findIndex(
      item => item.operation === undefined || item.operation === operation,
    );
    if (index >= 0) {
      return this.queued.splice(index, 1)[0].answer;
    }
    if (operation === 'GetCostAndUsage') {
      return this.costAndUsage(body);
    }
    if (operation === 'GetDimensionValues') {
      return this.dimensionValues(body);
    }
    const answer = this.answers[operation];
    return answer
      ? { status: 200, body: answer(body) }
      : errorAnswer(400, 'UnknownOperationException', operation);
  }

  private matches(usage: FakeUsage, expression?: Expression): boolean {
    if (!expression) {
      return true;
    }
    if (expression.And) {
      return expression.And.every(e => this.matches(usage, e));
    }
    if (expression.Or) {
      return expression.Or.some(e => this.matches(usage, e));
    }
    if (expression.Not) {
      return !this.matches(usage, expression.Not);
    }
    if (expression.Dimensions) {
      const value = dimensionOf(usage, expression.Dimensions.Key);
      return (expression.Dimensions.Values ?? []).includes(value);
    }
    if (expression.Tags) {
      const { Key, Values, MatchOptions } = expression.Tags;
      if (MatchOptions?.includes('ABSENT')) {
        return usage.tags[Key] === undefined;
      }
      return (Values ?? []).includes(usage.tags[Key] ?? '');
    }
    throw new Error(`fake: unsupported filter ${JSON.stringify(expression)}`);
  }

  private inPeriod(
    usage: FakeUsage,
    period: { Start: string; End: string },
  ): boolean {
    return usage.day >= period.Start && usage.day < period.End;
  }

  private costAndUsage(body: any): FakeAnswer {
    const groupBy: Array<{ Type: string; Key: string }> = body.GroupBy ?? [];
    if (groupBy.length > 2) {
      return errorAnswer(400, 'ValidationException', 'GroupBy: at most 2');
    }
    if (body.Granularity !== 'DAILY') {
      return errorAnswer(400, 'ValidationException', 'fake: DAILY only');
    }
    const period = body.TimePeriod as { Start: string; End: string };
    const days: string[] = [];
    for (
      let day = new Date(`${period.Start}T00:00:00Z`);
      day.toISOString().slice(0, 10) < period.End;
      day.setUTCDate(day.getUTCDate() + 1)
    ) {
      days.push(day.toISOString().slice(0, 10));
    }
    // Groups of each day, in order; a day without usage is an entry without groups.
    const entries: Array<{ day: string; group?: any }> = [];
    for (const day of days) {
      const groups = new Map<string, { keys: string[]; items: FakeUsage[] }>();
      for (const usage of this.usage) {
        if (usage.day !== day || !this.matches(usage, body.Filter)) {
          continue;
        }
        const keys = groupBy.map(group =>
          group.Type === 'TAG'
            ? `${group.Key}$${usage.tags[group.Key] ?? ''}`
            : dimensionOf(usage, group.Key),
        );
        const id = JSON.stringify(keys);
        const entry = groups.get(id) ?? { keys, items: [] };
        entry.items.push(usage);
        groups.set(id, entry);
      }
      if (groups.size === 0) {
        entries.push({ day });
      }
      for (const id of [...groups.keys()].sort()) {
        const { keys, items } = groups.get(id)!;
        entries.push({
          day,
          group: { Keys: keys, Metrics: metricsOf(items, body.Metrics) },
        });
      }
    }
    const offset = body.NextPageToken
      ? Number(Buffer.from(body.NextPageToken, 'base64').toString())
      : 0;
    const page = entries.slice(offset, offset + this.pageSize);
    const results: any[] = [];
    for (const { day, group } of page) {
      let result = results[results.length - 1];
      if (!result || result.TimePeriod.Start !== day) {
        const next = new Date(`${day}T00:00:00Z`);
        next.setUTCDate(next.getUTCDate() + 1);
        result = {
          TimePeriod: { Start: day, End: next.toISOString().slice(0, 10) },
          Total: {},
          Groups: [],
          Estimated:
            this.estimatedFrom !== undefined && day >= this.estimatedFrom,
        };
        results.push(result);
      }
      if (group) {
        result.Groups.push(group);
      }
    }
    const nextOffset = offset + this.pageSize;
    return {
      status: 200,
      body: {
        GroupDefinitions: groupBy,
        ResultsByTime: results,
        DimensionValueAttributes: [],
        ...(nextOffset < entries.length
          ? {
              NextPageToken: Buffer.from(String(nextOffset)).toString('base64'),
            }
          : {}),
      },
    };
  }

  private dimensionValues(body: any): FakeAnswer {
    if (body.Dimension !== 'LINKED_ACCOUNT') {
      return errorAnswer(
        400,
        'ValidationException',
        'fake: LINKED_ACCOUNT only',
      );
    }
    const accounts = [
      ...new Set(
        this.usage
          .filter(usage => this.inPeriod(usage, body.TimePeriod))
          .map(usage => usage.account),
      ),
    ].sort();
    return {
      status: 200,
      body: {
        DimensionValues: accounts.map(account => ({
          Value: account,
          Attributes: { description: this.accountNames[account] ?? account },
        })),
        ReturnSize: accounts.length,
        TotalSize: accounts.length,
      },
    };
  }
}

function dimensionOf(usage: FakeUsage, key: string): string {
  switch (key) {
    case 'LINKED_ACCOUNT':
      return usage.account;
    case 'SERVICE':
      return usage.service;
    case 'USAGE_TYPE':
      return usage.usageType;
    default:
      throw new Error(`fake: unsupported dimension ${key}`);
  }
}

function metricsOf(items: FakeUsage[], metrics: string[]) {
  const sum = (field: 'quantity' | 'billed' | 'amortized') =>
    items
      .reduce((total, item) => total.plus(item[field]), new Decimal(0))
      .toFixed();
  const units = new Set(items.map(item => item.unit));
  const all: Record<string, { Amount: string; Unit: string }> = {
    UsageQuantity: {
      Amount: sum('quantity'),
      Unit: units.size === 1 ? [...units][0] : 'N/A',
    },
    UnblendedCost: { Amount: sum('billed'), Unit: 'USD' },
    AmortizedCost: { Amount: sum('amortized'), Unit: 'USD' },
  };
  return Object.fromEntries(metrics.map(metric => [metric, all[metric]]));
}
