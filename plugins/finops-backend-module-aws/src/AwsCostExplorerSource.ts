import {
  CostExplorerClient,
  CostExplorerClientConfig,
  Expression,
} from '@aws-sdk/client-cost-explorer';
import {
  CommitmentInsight,
  CostSource,
  CostSourceRequest,
  CostSourceRow,
  createFinopsClock,
} from '@finops-backstage/plugin-finops-node';
import { callWithRetry, DEFAULT_RETRY, RetryOptions } from './callWithRetry';
import { CostExplorerCalls } from './commandPages';
import {
  CommitmentOptions,
  DEFAULT_COMMITMENTS,
} from './commitments/CommitmentOptions';
import { readAwsCommitmentInsights } from './commitments/readAwsCommitmentInsights';
import { AwsAccount, readAccounts } from './costs/readAccounts';
import { readTagSplit, TagDay } from './costs/readTagSplit';
import { readUsage } from './costs/readUsage';
import { usageRows } from './costs/usageRows';
import { periodOf } from './periodOf';

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

/** The options that are set: an unset one keeps its default. */
function definedOf<T extends object>(options: T | undefined): Partial<T> {
  return Object.fromEntries(
    Object.entries(options ?? {}).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
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
    const calls = this.calls(request);
    const accounts = this.accounts ?? (await readAccounts(calls, period));
    for (const account of accounts) {
      const accountFilter: Expression = {
        Dimensions: { Key: 'LINKED_ACCOUNT', Values: [account.id] },
      };
      const days = await readUsage(calls, period, accountFilter);
      const tagDays: Array<Map<string, TagDay>> = [];
      for (const [index, tagKey] of this.tagKeys.entries()) {
        const untaggedBefore: Expression[] = this.tagKeys
          .slice(0, index)
          .map(key => ({ Tags: { Key: key, MatchOptions: ['ABSENT'] } }));
        const filter =
          untaggedBefore.length === 0
            ? accountFilter
            : { And: [accountFilter, ...untaggedBefore] };
        tagDays.push(await readTagSplit(calls, period, filter, tagKey));
      }
      for (const day of [...days.keys()].sort()) {
        const { estimated, usages } = days.get(day)!;
        for (const key of [...usages.keys()].sort()) {
          yield* usageRows({
            sourceKey: this.key,
            domainKey: this.domainKey,
            account,
            day,
            estimated,
            usage: usages.get(key)!,
            tagKeys: this.tagKeys,
            tagDays,
          });
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

  /** The client, and requests sent with the source's retries, counting every try. */
  private calls(request: CostSourceRequest): CostExplorerCalls {
    return {
      client: this.client,
      send: (operation, call) => this.send(operation, call, request),
    };
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
}
