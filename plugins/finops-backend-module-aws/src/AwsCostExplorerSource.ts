import {
  CostExplorerClient,
  CostExplorerClientConfig,
  Expression,
  GetCostAndUsageCommand,
  GetCostAndUsageCommandOutput,
  GetDimensionValuesCommand,
  ResultByTime,
} from '@aws-sdk/client-cost-explorer';
import {
  ChargeCategory,
  CommitmentInsight,
  CostSource,
  CostSourceRequest,
  CostSourceRow,
  createFinopsClock,
} from '@finops-backstage/plugin-finops-node';
import Decimal from 'decimal.js';
import { callWithRetry, DEFAULT_RETRY, RetryOptions } from './callWithRetry';
import { pagesOf } from './pagesOf';
import { periodOf } from './periodOf';
import { productFamily } from './productFamily';
import {
  CommitmentOptions,
  DEFAULT_COMMITMENTS,
  readAwsCommitmentInsights,
} from './readAwsCommitmentInsights';
import { Exact, splitExactly } from './splitExactly';

/** A linked account to read; without a configured list, the month's accounts are discovered. */
export interface AwsAccount {
  id: string;
  name?: string;
}

/** Options of an AWS Cost Explorer source. */
export interface AwsCostExplorerSourceOptions {
  /** Key of the source, e.g. `aws:prod-payer`. */
  key: string;
  /** Region, endpoint and credentials of the Cost Explorer client. Its own retries are turned off: the source retries, counting each try. */
  clientConfig: CostExplorerClientConfig;
  /** Linked accounts to read. Default: every account with costs in the month (one GetDimensionValues request). */
  accounts?: AwsAccount[];
  /** Tag keys that map costs to catalog entities. Default `['app']`. */
  tagKeys?: string[];
  /** Cost domain of the rows. Default `CLOUD`. */
  domainKey?: string;
  /** Months of history the first runs fill. Default 2 (the current and previous months). */
  backfillMonths?: number;
  retry?: Partial<RetryOptions>;
  /** Reservations and savings plans figures. */
  commitments?: Partial<CommitmentOptions>;
  /** The clock. Default the system's. */
  now?: () => Date;
}

/** Usage quantity, unblended (billed) and amortized cost of something. */
interface Figures {
  quantity: Decimal;
  billed: Decimal;
  amortized: Decimal;
}

/** Figures of one (service, usage type) of one account and day: what the bill says. */
interface ServiceUsage extends Figures {
  service: string;
  usageType: string;
  unit: string;
  currency: string;
}

/** A day of the [SERVICE, USAGE_TYPE] query. */
interface UsageDay {
  estimated: boolean;
  usages: Map<string, ServiceUsage>;
}

/** A day of a [USAGE_TYPE, TAG] query: usage type → tag value → figures. */
type TagDay = Map<string, Map<string, Figures>>;

const METRICS = ['UnblendedCost', 'AmortizedCost', 'UsageQuantity'];
const FIGURES = ['quantity', 'billed', 'amortized'] as const;

const zero = (): Figures => ({
  quantity: new Exact(0),
  billed: new Exact(0),
  amortized: new Exact(0),
});

function add(into: Figures, metrics: ResultByTime['Total']): void {
  into.quantity = into.quantity.plus(metrics?.UsageQuantity?.Amount || '0');
  into.billed = into.billed.plus(metrics?.UnblendedCost?.Amount || '0');
  into.amortized = into.amortized.plus(metrics?.AmortizedCost?.Amount || '0');
}

function isZero(figures: Figures): boolean {
  return FIGURES.every(figure => figures[figure].isZero());
}

/** The options that are set: an unset one keeps its default. */
function definedOf<T extends object>(options: T | undefined): Partial<T> {
  return Object.fromEntries(
    Object.entries(options ?? {}).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}

/** FOCUS charge category where the figures tell it; undefined where usage and credits may be netted. */
function chargeCategoryOf(
  family: string,
  figures: Figures,
): ChargeCategory | undefined {
  if (family === 'tax') {
    return 'Tax';
  }
  if (family === 'commitment') {
    return 'Purchase';
  }
  if (figures.quantity.isZero() && figures.billed.isNegative()) {
    return 'Credit';
  }
  if (figures.quantity.isPositive() && !figures.quantity.isZero()) {
    return 'Usage';
  }
  return undefined;
}

/**
 * AWS Cost Explorer as a cost source. For each linked account of the month it sends:
 *
 * 1. GetCostAndUsage DAILY, UsageQuantity + UnblendedCost + AmortizedCost, grouped by
 *    [SERVICE, USAGE_TYPE]: the bill, one unit per product;
 * 2. for each tag key, GetCostAndUsage grouped by [USAGE_TYPE, TAG:key], filtered on the usage
 *    untagged by the previous keys (MatchOptions ABSENT): how each usage type splits by tag value.
 *
 * Every (service, usage type) figure of query 1 is split over the tag values in the proportions
 * query 2 gives for its usage type (exactly the tag query's figures when the usage type belongs to
 * one service, as it nearly always does), the last part taking the remainder: the rows add up to
 * the [SERVICE, USAGE_TYPE] totals exactly. Untagged usage carries the tag value `''`.
 *
 * Requests per month: (1 if accounts are discovered) + accounts × (1 + tag keys) × pages, plus
 * the retries; every one is counted through `countRequest`.
 */
export class AwsCostExplorerSource implements CostSource {
  readonly key: string;
  readonly backfillMonths: number;
  private readonly client: CostExplorerClient;
  private readonly accounts?: AwsAccount[];
  private readonly tagKeys: string[];
  private readonly domainKey: string;
  private readonly retry: RetryOptions;
  private readonly commitments: CommitmentOptions;
  private readonly now: () => Date;

  constructor(options: AwsCostExplorerSourceOptions) {
    this.key = options.key;
    this.backfillMonths = options.backfillMonths ?? 2;
    this.client = new CostExplorerClient({
      region: 'us-east-1',
      ...options.clientConfig,
      maxAttempts: 1,
    });
    this.accounts = options.accounts;
    this.tagKeys = options.tagKeys ?? ['app'];
    this.domainKey = options.domainKey ?? 'CLOUD';
    this.retry = { ...DEFAULT_RETRY, ...definedOf(options.retry) };
    this.commitments = {
      ...DEFAULT_COMMITMENTS,
      ...definedOf(options.commitments),
    };
    this.now = options.now ?? createFinopsClock();
  }

  async *readMonth(request: CostSourceRequest): AsyncIterable<CostSourceRow> {
    const period = periodOf(request.month, this.now());
    if (!period) {
      return;
    }
    for (const account of await this.accountsOf(period, request)) {
      const accountFilter: Expression = {
        Dimensions: { Key: 'LINKED_ACCOUNT', Values: [account.id] },
      };
      const days = await this.readUsage(period, accountFilter, request);
      const tagDays: Array<Map<string, TagDay>> = [];
      for (const [index, tagKey] of this.tagKeys.entries()) {
        const untaggedBefore: Expression[] = this.tagKeys
          .slice(0, index)
          .map(key => ({ Tags: { Key: key, MatchOptions: ['ABSENT'] } }));
        const filter =
          untaggedBefore.length === 0
            ? accountFilter
            : { And: [accountFilter, ...untaggedBefore] };
        tagDays.push(await this.readTagSplit(period, filter, tagKey, request));
      }
      for (const day of [...days.keys()].sort()) {
        const { estimated, usages } = days.get(day)!;
        for (const key of [...usages.keys()].sort()) {
          const usage = usages.get(key)!;
          yield* this.rowsOf(day, estimated, account, usage, tagDays);
        }
      }
    }
  }

  readCommitmentInsights(
    request: CostSourceRequest,
  ): AsyncIterable<CommitmentInsight> {
    return readAwsCommitmentInsights({
      client: this.client,
      request,
      now: this.now(),
      options: this.commitments,
      send: (operation, call) => this.send(operation, call, request),
    });
  }

  /** Sends one request with the source's retries, counting every try. */
  private send<T>(
    operation: string,
    call: (abortSignal?: AbortSignal) => Promise<T>,
    request: CostSourceRequest,
  ): Promise<T> {
    return callWithRetry(operation, () => call(request.signal), {
      ...this.retry,
      countRequest: request.countRequest,
      signal: request.signal,
    });
  }

  private async accountsOf(
    period: { Start: string; End: string },
    request: CostSourceRequest,
  ): Promise<AwsAccount[]> {
    if (this.accounts) {
      return this.accounts;
    }
    const accounts: AwsAccount[] = [];
    const pages = pagesOf(
      token =>
        this.send(
          'GetDimensionValues',
          abortSignal =>
            this.client.send(
              new GetDimensionValuesCommand({
                TimePeriod: period,
                Dimension: 'LINKED_ACCOUNT',
                Context: 'COST_AND_USAGE',
                NextPageToken: token,
              }),
              { abortSignal },
            ),
          request,
        ),
      page => page.NextPageToken,
    );
    for await (const page of pages) {
      for (const value of page.DimensionValues ?? []) {
        if (value.Value) {
          accounts.push({
            id: value.Value,
            name: value.Attributes?.description || undefined,
          });
        }
      }
    }
    return accounts.sort((a, b) => a.id.localeCompare(b.id));
  }

  /** Every page of a DAILY GetCostAndUsage query. */
  private costAndUsagePages(
    period: { Start: string; End: string },
    filter: Expression,
    groupBy: Array<{ Type: 'DIMENSION' | 'TAG'; Key: string }>,
    request: CostSourceRequest,
  ): AsyncGenerator<GetCostAndUsageCommandOutput> {
    return pagesOf(
      token =>
        this.send(
          'GetCostAndUsage',
          abortSignal =>
            this.client.send(
              new GetCostAndUsageCommand({
                TimePeriod: period,
                Granularity: 'DAILY',
                Metrics: METRICS,
                Filter: filter,
                GroupBy: groupBy,
                NextPageToken: token,
              }),
              { abortSignal },
            ),
          request,
        ),
      page => page.NextPageToken,
    );
  }

  /** The [SERVICE, USAGE_TYPE] figures by day. A day may continue on the next page: figures add up. */
  private async readUsage(
    period: { Start: string; End: string },
    filter: Expression,
    request: CostSourceRequest,
  ): Promise<Map<string, UsageDay>> {
    const days = new Map<string, UsageDay>();
    for await (const page of this.costAndUsagePages(
      period,
      filter,
      [
        { Type: 'DIMENSION', Key: 'SERVICE' },
        { Type: 'DIMENSION', Key: 'USAGE_TYPE' },
      ],
      request,
    )) {
      for (const result of page.ResultsByTime ?? []) {
        const day = result.TimePeriod?.Start;
        if (!day) {
          continue;
        }
        const entry = days.get(day) ?? { estimated: false, usages: new Map() };
        entry.estimated = entry.estimated || result.Estimated === true;
        days.set(day, entry);
        for (const group of result.Groups ?? []) {
          const [service = '', usageType = ''] = group.Keys ?? [];
          const key = `${service}\u0000${usageType}`;
          const usage = entry.usages.get(key) ?? {
            service,
            usageType,
            unit: group.Metrics?.UsageQuantity?.Unit || 'N/A',
            currency: group.Metrics?.UnblendedCost?.Unit || 'USD',
            ...zero(),
          };
          add(usage, group.Metrics);
          entry.usages.set(key, usage);
        }
      }
    }
    return days;
  }

  /** The [USAGE_TYPE, TAG:key] figures by day; AWS names tag groups `key$value` (`key$` untagged). */
  private async readTagSplit(
    period: { Start: string; End: string },
    filter: Expression,
    tagKey: string,
    request: CostSourceRequest,
  ): Promise<Map<string, TagDay>> {
    const days = new Map<string, TagDay>();
    for await (const page of this.costAndUsagePages(
      period,
      filter,
      [
        { Type: 'DIMENSION', Key: 'USAGE_TYPE' },
        { Type: 'TAG', Key: tagKey },
      ],
      request,
    )) {
      for (const result of page.ResultsByTime ?? []) {
        const day = result.TimePeriod?.Start;
        if (!day) {
          continue;
        }
        const byUsage: TagDay = days.get(day) ?? new Map();
        days.set(day, byUsage);
        for (const group of result.Groups ?? []) {
          const [usageType = '', tag = ''] = group.Keys ?? [];
          const value = tag.startsWith(`${tagKey}$`)
            ? tag.slice(tagKey.length + 1)
            : tag;
          const byValue = byUsage.get(usageType) ?? new Map<string, Figures>();
          byUsage.set(usageType, byValue);
          const figures = byValue.get(value) ?? zero();
          add(figures, group.Metrics);
          byValue.set(value, figures);
        }
      }
    }
    return days;
  }

  /** Splits one (service, usage type) figure over the tag values, key after key, and yields its rows. */
  private *rowsOf(
    day: string,
    estimated: boolean,
    account: AwsAccount,
    usage: ServiceUsage,
    tagDays: Array<Map<string, TagDay>>,
  ): Iterable<CostSourceRow> {
    const familyKey = productFamily(usage.service, usage.usageType);
    const product = {
      key: `aws:${usage.service}:${usage.usageType}`,
      name: `${usage.service}: ${usage.usageType}`,
      unit: usage.unit,
      provider: 'aws',
      service: usage.service,
      familyKey,
      attributes: { usageType: usage.usageType },
    };
    const parts: Array<{ tags: Record<string, string>; figures: Figures }> = [];
    const split = (
      figures: Figures,
      depth: number,
      tags: Record<string, string>,
    ) => {
      if (depth === this.tagKeys.length) {
        parts.push({ tags, figures });
        return;
      }
      const tagKey = this.tagKeys[depth];
      for (const [value, part] of splitByTagValue(
        figures,
        tagDays[depth].get(day)?.get(usage.usageType),
      )) {
        if (value === '') {
          split(part, depth + 1, { ...tags, [tagKey]: '' });
        } else {
          parts.push({ tags: { ...tags, [tagKey]: value }, figures: part });
        }
      }
    };
    split(usage, 0, {});
    for (const { tags, figures } of parts) {
      if (isZero(figures)) {
        continue;
      }
      const tagText = Object.entries(tags)
        .map(([key, value]) => `${key}=${value}`)
        .join(',');
      yield {
        day,
        domainKey: this.domainKey,
        product,
        account: { key: account.id, name: account.name },
        tags,
        // A negative quantity (a refund of usage) cannot price a unit: its amount is metered as money.
        quantity: figures.quantity.isNegative()
          ? '0'
          : figures.quantity.toFixed(),
        billedAmount: figures.billed.toFixed(),
        amortizedAmount: figures.amortized.toFixed(),
        currency: usage.currency,
        estimated,
        chargeCategory: chargeCategoryOf(familyKey, figures),
        pricingCategory: /SpotUsage/.test(usage.usageType)
          ? 'Dynamic'
          : undefined,
        origin: `${this.key}:${account.id}:${day}:${usage.service}:${usage.usageType}:${tagText}`,
      };
    }
  }
}

/**
 * Splits figures over tag values in the proportions of the tag query: each figure by its own
 * weights, or, where those add up to zero, by the first of quantity, billed, amortized that does
 * not; with no weights at all, everything stays untagged (`''`).
 */
function splitByTagValue(
  figures: Figures,
  shares: Map<string, Figures> | undefined,
): Map<string, Figures> {
  const values = [...(shares?.keys() ?? [])].sort();
  const result = new Map<string, Figures>();
  if (!shares || values.length === 0) {
    result.set('', figures);
    return result;
  }
  for (const value of values) {
    result.set(value, zero());
  }
  for (const figure of FIGURES) {
    let parts: Decimal[] | undefined;
    for (const weight of [figure, ...FIGURES]) {
      parts ??= splitExactly(
        figures[figure],
        values.map(value => shares.get(value)![weight]),
      );
    }
    if (!parts) {
      const untagged = result.get('') ?? zero();
      untagged[figure] = figures[figure];
      result.set('', untagged);
      continue;
    }
    for (const [index, value] of values.entries()) {
      result.get(value)![figure] = parts[index];
    }
  }
  return result;
}
