import {
  CostManagementClient,
  CostManagementClientOptionalParams,
  QueryGrouping,
} from '@azure/arm-costmanagement';
import { TokenCredential } from '@azure/identity';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  CostSource,
  CostSourceRequest,
  CostSourceRow,
  createFinopsClock,
} from '@finops-backstage/plugin-finops-node';
import Decimal from 'decimal.js';
import { isEstimated } from './costs/months';
import { AzureCostColumn, MonthQuery } from './costs/MonthQuery';
import { productOf } from './costs/productOf';
import { readCells } from './costs/readCells';
import { readMeters } from './costs/readMeters';
import { queryAllPages } from './queryCostManagement';

/** Options of one Azure Cost Management source: one scope. */
export interface AzureCostSourceOptions {
  /** Key of the source, e.g. `azure:prod`. */
  key: string;
  /** `/subscriptions/<id>` (optionally a resource group of it), or a billing scope. */
  scope: string;
  credential: TokenCredential;
  /** Name of the subscription, for subscription scopes. */
  accountName?: string;
  /** The tag whose values map rows to catalog entities (subscription scopes). Default `app`. */
  tagKey?: string;
  /** The cost measure to sum. Default `Cost`. */
  costColumn?: AzureCostColumn;
  /** Also query AmortizedCost, for the `amortized` pricing view. Default true. */
  amortized?: boolean;
  /** Months the first runs fill. Default 3. */
  backfillMonths?: number;
  /** The previous month stays estimated up to this day of the month (UTC) included. Default 5. */
  finalAfterDay?: number;
  /** Tries per request, the first included, on 429, 5xx and network errors. Default 5. */
  maxAttempts?: number;
  /** First back-off when Azure sends no retry-after header, doubled each try. Default 2000 ms. */
  retryDelayMs?: number;
  /** Azure Resource Manager endpoint. Default `https://management.azure.com`. */
  endpoint?: string;
  /** More options of the SDK client (e.g. `tlsOptions`, `proxyOptions`). */
  clientOptions?: CostManagementClientOptionalParams;
  logger?: LoggerService;
  /** The clock. Default the system's. */
  now?: () => Date;
}

const SUBSCRIPTION_SCOPE =
  /^\/subscriptions\/([^/]+)(\/resourceGroups\/[^/]+)?\/?$/i;

/**
 * Azure Cost Management as a cost source: for a month, the daily ActualCost (and AmortizedCost)
 * of a scope by meter and by the mapping tag (or by subscription for billing scopes), plus one
 * query per meter attribute (name, service, location, unit). See the README for the calls.
 */
export class AzureCostSource implements CostSource {
  readonly key: string;
  readonly backfillMonths: number;
  private readonly options: AzureCostSourceOptions;
  private readonly subscriptionId?: string;

  private readonly now: () => Date;

  constructor(options: AzureCostSourceOptions) {
    this.options = options;
    this.now = options.now ?? createFinopsClock();
    this.key = options.key;
    this.backfillMonths = options.backfillMonths ?? 3;
    this.subscriptionId = SUBSCRIPTION_SCOPE.exec(options.scope)?.[1];
  }

  async *readMonth(request: CostSourceRequest): AsyncIterable<CostSourceRow> {
    const { month } = request;
    const query = this.monthQuery(month, request);
    const tagKey = this.options.tagKey ?? 'app';
    // MeterId and the group: the mapping tag on a subscription, else the subscription.
    const grouping: QueryGrouping[] = [
      { type: 'Dimension', name: 'MeterId' },
      this.subscriptionId
        ? { type: 'TagKey', name: tagKey }
        : { type: 'Dimension', name: 'SubscriptionId' },
    ];
    const groupColumns = this.subscriptionId
      ? ['TagValue', grouping[1].name]
      : ['SubscriptionId'];
    const actual = await readCells(query, 'ActualCost', grouping, groupColumns);
    const amortized =
      this.options.amortized === false
        ? undefined
        : await readCells(query, 'AmortizedCost', grouping, groupColumns);
    const meters = await readMeters(query);
    const estimated = isEstimated(
      month,
      this.now(),
      this.options.finalAfterDay ?? 5,
    );

    // Every (day, meter, group) of either query: actual cost and its amortized counterpart.
    const keys = [
      ...new Set([...actual.keys(), ...(amortized?.keys() ?? [])]),
    ].sort();
    for (const key of keys) {
      const billed = actual.get(key);
      const spread = amortized?.get(key);
      const cell = (billed ?? spread)!;
      const currency = cell.currency ?? 'USD';
      const { product, domainKey, metered } = productOf(
        cell.meterId,
        meters.get(cell.meterId) ?? {},
        currency,
      );
      const billedAmount = billed?.cost ?? new Decimal(0);
      const amortizedAmount = spread?.cost ?? new Decimal(0);
      let quantity: Decimal;
      if (metered) {
        quantity = billed ? billed.quantity : spread!.quantity;
      } else {
        // Amount-metered: the quantity is the amount (the amortized one when nothing was billed).
        quantity = billedAmount.isZero() ? amortizedAmount : billedAmount;
      }
      let account: CostSourceRow['account'];
      if (this.subscriptionId) {
        account = { key: this.subscriptionId, name: this.options.accountName };
      } else if (cell.group) {
        account = { key: cell.group };
      }
      yield {
        day: cell.day,
        domainKey,
        product,
        ...(account ? { account } : {}),
        tags: this.subscriptionId && cell.group ? { [tagKey]: cell.group } : {},
        quantity: quantity.toFixed(),
        billedAmount: billedAmount.toFixed(),
        ...(cell.currency ? { currency: cell.currency } : {}),
        ...(amortized ? { amortizedAmount: amortizedAmount.toFixed() } : {}),
        estimated,
        origin: `${this.key}:${cell.day}:${cell.meterId || 'unmetered'}:${
          cell.group
        }`,
      };
    }
  }

  private client(request: CostSourceRequest): CostManagementClient {
    const endpoint = this.options.endpoint ?? 'https://management.azure.com';
    const client = new CostManagementClient(this.options.credential, {
      ...this.options.clientOptions,
      endpoint,
      $host: endpoint,
      // The retries of queryAllPages honour Cost Management's QPU headers; the SDK's do not.
      retryOptions: { maxRetries: 0 },
    });
    // After signing: every HTTP request the client sends, retries and next pages included.
    client.pipeline.addPolicy(
      {
        name: 'finopsCountRequests',
        sendRequest: (httpRequest, next) => {
          request.countRequest?.('Query');
          return next(httpRequest);
        },
      },
      { afterPhase: 'Sign' },
    );
    return client;
  }

  /** The month's queries, sent by one client that counts every request. */
  private monthQuery(month: string, request: CostSourceRequest): MonthQuery {
    const client = this.client(request);
    return {
      sourceKey: this.key,
      month,
      costColumn: this.options.costColumn,
      logger: this.options.logger,
      pages: (definition, description) =>
        queryAllPages({
          client,
          // The SDK's path is `/{scope}/providers/…`: a leading slash would double it.
          scope: this.options.scope.replace(/^\/+/, ''),
          definition,
          description: `${description} of ${this.options.scope}`,
          signal: request.signal,
          retry: {
            maxAttempts: this.options.maxAttempts ?? 5,
            baseDelayMs: this.options.retryDelayMs ?? 2000,
          },
        }),
    };
  }
}
