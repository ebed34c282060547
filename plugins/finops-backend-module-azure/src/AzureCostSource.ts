import {
  CostManagementClient,
  CostManagementClientOptionalParams,
  QueryDefinition,
  QueryGrouping,
} from '@azure/arm-costmanagement';
import { TokenCredential } from '@azure/identity';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  CostSource,
  CostSourceProduct,
  CostSourceRequest,
  CostSourceRow,
  createFinopsClock,
} from '@finops-backstage/plugin-finops-node';
import Decimal from 'decimal.js';
import { QueryResultPage, queryAllPages } from './queryCostManagement';

/** The cost measures a scope may offer: `Cost` (billing currency), `PreTaxCost` (legacy EA), `CostUSD` (MCA). */
export type AzureCostColumn = 'Cost' | 'PreTaxCost' | 'CostUSD';

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

/** A meter's attributes, from the month's catalog queries. */
interface MeterInfo {
  name?: string;
  service?: string;
  location?: string;
  unit?: string;
  /** Every location the meter was used in, when there were several. */
  locations?: string[];
}

/** Σ cost and Σ quantity of one (day, meter, group, currency). */
interface Cell {
  day: string;
  meterId: string;
  group: string;
  currency?: string;
  cost: Decimal;
  quantity: Decimal;
}

const SUBSCRIPTION_SCOPE =
  /^\/subscriptions\/([^/]+)(\/resourceGroups\/[^/]+)?\/?$/i;
const COST_COLUMNS = ['Cost', 'PreTaxCost', 'CostUSD', 'CostInBillingCurrency'];

/** The catalog queries: each pairs MeterId with one attribute (the API takes at most 2 groupings). */
const METER_ATTRIBUTES = [
  { dimension: 'Meter', field: 'name' },
  { dimension: 'ServiceName', field: 'service' },
  { dimension: 'ResourceLocation', field: 'location' },
  { dimension: 'UnitOfMeasure', field: 'unit' },
] as const;

/** Product families and domains by Azure service name (MeterCategory), first match wins. */
const FAMILIES: Array<{ pattern: RegExp; family: string; domain?: string }> = [
  {
    pattern: /sql|cosmos|database|redis|data explorer/i,
    family: 'database',
    domain: 'DATABASES',
  },
  { pattern: /function|logic apps|event grid/i, family: 'serverless' },
  {
    pattern:
      /bandwidth|network|load balancer|gateway|dns|front door|content delivery|expressroute|firewall|ip address/i,
    family: 'network',
  },
  { pattern: /storage|backup|netapp/i, family: 'storage' },
  {
    pattern:
      /virtual machine|app service|container|kubernetes|batch|cloud services/i,
    family: 'compute',
  },
  { pattern: /log analytics|monitor|insights|sentinel/i, family: 'monitoring' },
  { pattern: /support/i, family: 'support' },
];

function monthBounds(month: string): { from: Date; to: Date } {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) {
    throw new TypeError(`Not a month (YYYY-MM): '${month}'`);
  }
  const year = Number(match[1]);
  const index = Number(match[2]) - 1;
  return {
    from: new Date(Date.UTC(year, index, 1)),
    to: new Date(Date.UTC(year, index + 1, 0, 23, 59, 59)),
  };
}

function previousMonth(month: string): string {
  const { from } = monthBounds(month);
  const date = new Date(
    Date.UTC(from.getUTCFullYear(), from.getUTCMonth() - 1, 1),
  );
  return date.toISOString().slice(0, 7);
}

/** `20261101` (the API's number) or `2026-11-01T00:00:00` to `2026-11-01`. */
function dayOf(value: string | null): string | undefined {
  if (value === null) {
    return undefined;
  }
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (compact) {
    return `${compact[1]}-${compact[2]}-${compact[3]}`;
  }
  return /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : undefined;
}

function decimalOf(value: string | null, what: string): Decimal {
  if (value === null || value === '') {
    return new Decimal(0);
  }
  try {
    return new Decimal(value);
  } catch {
    throw new Error(
      `Azure Cost Management returned a bad number for ${what}: '${value}'`,
    );
  }
}

/** Reads columns by name, whatever their order in a page. */
function columnReader(page: QueryResultPage) {
  const index = new Map(
    page.columns.map((column, i) => [column.name.toLowerCase(), i]),
  );
  return {
    has: (name: string) => index.has(name.toLowerCase()),
    find: (...names: string[]) =>
      names.find(name => index.has(name.toLowerCase())),
    get: (row: Array<string | null>, name: string): string | null => {
      const i = index.get(name.toLowerCase());
      return i === undefined ? null : row[i] ?? null;
    },
  };
}

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

  private grouping(): QueryGrouping[] {
    const meter = { type: 'Dimension', name: 'MeterId' };
    if (this.subscriptionId) {
      return [meter, { type: 'TagKey', name: this.options.tagKey ?? 'app' }];
    }
    return [meter, { type: 'Dimension', name: 'SubscriptionId' }];
  }

  private definition(
    month: string,
    type: 'ActualCost' | 'AmortizedCost',
    grouping: QueryGrouping[],
    daily: boolean,
  ): QueryDefinition {
    const costColumn = this.options.costColumn ?? 'Cost';
    return {
      type,
      timeframe: 'Custom',
      timePeriod: monthBounds(month),
      dataset: {
        ...(daily ? { granularity: 'Daily' } : {}),
        aggregation: {
          totalCost: { name: costColumn, function: 'Sum' },
          ...(daily
            ? { totalQuantity: { name: 'UsageQuantity', function: 'Sum' } }
            : {}),
        },
        grouping,
      },
    };
  }

  private async *pages(
    client: CostManagementClient,
    definition: QueryDefinition,
    description: string,
    request: CostSourceRequest,
  ): AsyncGenerator<QueryResultPage> {
    yield* queryAllPages({
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
    });
  }

  /** The daily cells of one cost type, keyed by day, meter, group and currency. */
  private async readCells(
    client: CostManagementClient,
    month: string,
    type: 'ActualCost' | 'AmortizedCost',
    request: CostSourceRequest,
  ): Promise<Map<string, Cell>> {
    const grouping = this.grouping();
    const groupColumns = this.subscriptionId
      ? ['TagValue', grouping[1].name]
      : ['SubscriptionId'];
    const cells = new Map<string, Cell>();
    let pageNumber = 0;
    for await (const page of this.pages(
      client,
      this.definition(month, type, grouping, true),
      `${type} daily ${month}`,
      request,
    )) {
      pageNumber += 1;
      if (page.rows.length === 0) {
        continue;
      }
      const columns = columnReader(page);
      const costColumn = columns.find('totalCost', ...COST_COLUMNS);
      const quantityColumn = columns.find('totalQuantity', 'UsageQuantity');
      const groupColumn = columns.find(...groupColumns);
      if (!costColumn || !columns.has('UsageDate') || !columns.has('MeterId')) {
        throw new Error(
          `Azure Cost Management ${type} ${month} page ${pageNumber}: expected columns UsageDate, MeterId and a cost, got ${page.columns
            .map(column => column.name)
            .join(', ')}`,
        );
      }
      for (const row of page.rows) {
        const day = dayOf(columns.get(row, 'UsageDate'));
        if (!day) {
          throw new Error(
            `Azure Cost Management ${type} ${month} page ${pageNumber}: bad UsageDate '${columns.get(
              row,
              'UsageDate',
            )}'`,
          );
        }
        const meterId = columns.get(row, 'MeterId') ?? '';
        const group = groupColumn ? columns.get(row, groupColumn) ?? '' : '';
        const currency =
          this.options.costColumn === 'CostUSD'
            ? 'USD'
            : columns.get(row, 'Currency') ?? undefined;
        const key = [day, meterId, group, currency ?? ''].join('\u0000');
        const cell = cells.get(key) ?? {
          day,
          meterId,
          group,
          currency,
          cost: new Decimal(0),
          quantity: new Decimal(0),
        };
        cell.cost = cell.cost.plus(
          decimalOf(columns.get(row, costColumn), 'cost'),
        );
        cell.quantity = cell.quantity.plus(
          quantityColumn
            ? decimalOf(columns.get(row, quantityColumn), 'UsageQuantity')
            : 0,
        );
        cells.set(key, cell);
      }
    }
    return cells;
  }

  /** Name, service, location and unit of every meter used in the month, one query each. */
  private async readMeters(
    client: CostManagementClient,
    month: string,
    request: CostSourceRequest,
  ): Promise<Map<string, MeterInfo>> {
    const meters = new Map<string, MeterInfo>();
    for (const { dimension, field } of METER_ATTRIBUTES) {
      // The value with the largest cost wins when a meter has several (e.g. two locations).
      const candidates = new Map<string, Map<string, Decimal>>();
      try {
        for await (const page of this.pages(
          client,
          this.definition(
            month,
            'ActualCost',
            [
              { type: 'Dimension', name: 'MeterId' },
              { type: 'Dimension', name: dimension },
            ],
            false,
          ),
          `${dimension} of meters ${month}`,
          request,
        )) {
          const columns = columnReader(page);
          const costColumn = columns.find('totalCost', ...COST_COLUMNS);
          for (const row of page.rows) {
            const meterId = columns.get(row, 'MeterId') ?? '';
            const value = columns.get(row, dimension);
            if (value === null || value === '') {
              continue;
            }
            const values = candidates.get(meterId) ?? new Map();
            const cost = costColumn
              ? decimalOf(columns.get(row, costColumn), 'cost').abs()
              : new Decimal(0);
            values.set(value, (values.get(value) ?? new Decimal(0)).plus(cost));
            candidates.set(meterId, values);
          }
        }
      } catch (error) {
        // A scope that does not offer this grouping (400) leaves the attribute unknown.
        if (error instanceof Error && / HTTP 400 /.test(error.message)) {
          this.options.logger?.warn(
            `${this.key}: ${error.message}; meters of ${month} have no ${dimension}`,
          );
          continue;
        }
        throw error;
      }
      for (const [meterId, values] of candidates) {
        const ranked = [...values].sort(
          ([a, x], [b, y]) => y.comparedTo(x) || a.localeCompare(b),
        );
        const info = meters.get(meterId) ?? {};
        info[field] = ranked[0][0];
        if (field === 'location' && ranked.length > 1) {
          info.locations = ranked.map(([value]) => value).sort();
        }
        meters.set(meterId, info);
      }
    }
    return meters;
  }

  private product(
    meterId: string,
    meter: MeterInfo,
    currency: string,
  ): { product: CostSourceProduct; domainKey: string; metered: boolean } {
    const service = meter.service || 'Azure';
    const match = FAMILIES.find(({ pattern }) => pattern.test(service));
    const attributes: Record<string, string> = {};
    if (meterId) {
      attributes.meterId = meterId;
    }
    if (meter.locations) {
      attributes.locations = meter.locations.join(', ');
    }
    // Without a meter or a unit, the amount itself is the quantity (unit = currency).
    const metered = meterId !== '' && !!meter.unit;
    return {
      product: {
        key: meterId ? `azure:${meterId}` : `azure:unmetered:${service}`,
        name:
          meter.name ||
          (meterId ? `Azure meter ${meterId}` : `${service} charges`),
        unit: metered ? meter.unit! : currency,
        provider: 'azure',
        service,
        ...(meter.location ? { region: meter.location } : {}),
        familyKey: match?.family ?? 'other',
        ...(Object.keys(attributes).length > 0 ? { attributes } : {}),
      },
      domainKey: match?.domain ?? 'CLOUD',
      metered,
    };
  }

  private isEstimated(month: string): boolean {
    const now = this.now();
    const current = now.toISOString().slice(0, 7);
    if (month >= current) {
      return true;
    }
    return (
      month === previousMonth(current) &&
      now.getUTCDate() <= (this.options.finalAfterDay ?? 5)
    );
  }

  async *readMonth(request: CostSourceRequest): AsyncIterable<CostSourceRow> {
    const { month } = request;
    const client = this.client(request);
    const actual = await this.readCells(client, month, 'ActualCost', request);
    const amortized =
      this.options.amortized === false
        ? undefined
        : await this.readCells(client, month, 'AmortizedCost', request);
    const meters = await this.readMeters(client, month, request);
    const estimated = this.isEstimated(month);
    const tagKey = this.options.tagKey ?? 'app';

    // Every (day, meter, group) of either query: actual cost and its amortized counterpart.
    const keys = [
      ...new Set([...actual.keys(), ...(amortized?.keys() ?? [])]),
    ].sort();
    for (const key of keys) {
      const billed = actual.get(key);
      const spread = amortized?.get(key);
      const cell = (billed ?? spread)!;
      const currency = cell.currency ?? 'USD';
      const { product, domainKey, metered } = this.product(
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
}
