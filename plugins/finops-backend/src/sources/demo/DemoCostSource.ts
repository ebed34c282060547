import {
  daysOfMonth,
  shiftMonth,
} from '@finops-backstage/plugin-finops-common';
import {
  CostSource,
  CostSourceRequest,
  CostSourceRow,
  createFinopsClock,
} from '@finops-backstage/plugin-finops-node';
import Decimal from 'decimal.js';
import { createHash } from 'node:crypto';
import { applyReservations, reservationFees } from './demoReservations';
import {
  DEMO_ANOMALIES,
  DEMO_RESERVATIONS,
  DEMO_CHARGES,
  DEMO_REFERENCE_MONTH,
  DEMO_USAGE_PROFILES,
  DemoAccount,
  DemoProduct,
  DemoUsageLine,
  DemoUsagePattern,
  DemoUsageProfile,
} from './demoCatalog';
import { seededRandom } from './seededRandom';

/** Options of the demo source; all optional. */
export interface DemoCostSourceOptions {
  /** Key of the source. Default `demo`. */
  key?: string;
  /** Months of history, the current one included. Default 18. */
  months?: number;
  /** The clock. Default the system's. */
  now?: () => Date;
}

const MONTH = /^(\d{4})-(\d{2})$/;

/** Weekend multiplier and noise amplitude of each pattern. */
const PATTERNS: Record<DemoUsagePattern, { weekend: Decimal; noise: Decimal }> =
  {
    'customer-facing': {
      weekend: new Decimal('0.75'),
      noise: new Decimal('0.05'),
    },
    ci: { weekend: new Decimal('0.3'), noise: new Decimal('0.05') },
    steady: { weekend: new Decimal(1), noise: new Decimal('0.03') },
    storage: { weekend: new Decimal(1), noise: new Decimal('0.005') },
  };

const UINT32_RANGE = new Decimal(2).pow(32);

function monthIndex(month: string): number {
  const match = MONTH.exec(month);
  if (!match) {
    throw new TypeError(`Not a month (YYYY-MM): '${month}'`);
  }
  return Number(match[1]) * 12 + Number(match[2]) - 1;
}

function isWeekend(day: string): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** Quantities are rounded so that quantity × unit price has at most 6 decimals (and the quantity at most 3). */
function quantityStep(product: DemoProduct): Decimal {
  const priceDecimals = new Decimal(product.unitPrice).decimalPlaces();
  return new Decimal(10).pow(-Math.min(3, 6 - priceDecimals));
}

/** One line of usage on one day, before it becomes a row. */
interface DemoUsage {
  profile: DemoUsageProfile;
  line: DemoUsageLine;
  quantity: Decimal;
}

/** The usage of every profile on one day. `anomalies` maps `component|product|day` to a factor. */
function usageOn(day: string, anomalies: Map<string, number>): DemoUsage[] {
  const month = day.slice(0, 7);
  const monthsFromReference =
    monthIndex(month) - monthIndex(DEMO_REFERENCE_MONTH);
  const daysInMonth = daysOfMonth(month).length;
  const weekend = isWeekend(day);
  const usages: DemoUsage[] = [];
  for (const profile of DEMO_USAGE_PROFILES) {
    const level = new Decimal(1)
      .plus(profile.monthlyGrowth)
      .pow(monthsFromReference);
    for (const line of profile.lines) {
      const { product, pattern } = line;
      const shape = PATTERNS[pattern];
      const random = seededRandom(
        `${profile.name}|${product.product.key}|${day}`,
      );
      const noise = new Decimal(random())
        .dividedBy(UINT32_RANGE)
        .times(2)
        .minus(1)
        .times(shape.noise)
        .plus(1);
      const anomaly =
        anomalies.get(`${profile.name}|${product.product.key}|${day}`) ?? 1;
      const amount = new Decimal(line.base)
        .times(level)
        .times(weekend ? shape.weekend : 1)
        .times(noise)
        .times(anomaly);
      let quantity: Decimal;
      if (product.metering === 'instance-hours') {
        // Instances may be fractional through autoscaling; a day has 24 hours of each.
        quantity = amount.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).times(24);
      } else if (product.metering === 'monthly-storage') {
        quantity = amount
          .dividedBy(daysInMonth)
          .toNearest(quantityStep(product), Decimal.ROUND_HALF_UP);
      } else {
        quantity = amount.toNearest(
          quantityStep(product),
          Decimal.ROUND_HALF_UP,
        );
      }
      usages.push({ profile, line, quantity });
    }
  }
  return usages;
}

/** How a demo product's resources are named: AWS ARN parts, or an Azure provider type. */
const RESOURCE_TYPES: Record<
  string,
  { aws?: [string, string]; azure?: string }
> = {
  'aws-ec2-m5-large': { aws: ['ec2', 'instance/i-'] },
  'aws-ec2-m5-xlarge': { aws: ['ec2', 'instance/i-'] },
  'aws-s3-standard': { aws: ['s3', ''] },
  'aws-rds-r5-large': { aws: ['rds', 'db:'] },
  'aws-lambda-requests': { aws: ['lambda', 'function:'] },
  'aws-data-transfer-out': { aws: ['ec2', 'elastic-ip/eipalloc-'] },
  'aws-nat-gateway': { aws: ['ec2', 'natgateway/nat-'] },
  'azure-vm-d4s-v5': { azure: 'Microsoft.Compute/virtualMachines' },
  'azure-blob-hot-lrs': { azure: 'Microsoft.Storage/storageAccounts' },
  'azure-sql-vcore': { azure: 'Microsoft.Sql/servers' },
  'azure-functions-executions': { azure: 'Microsoft.Web/sites' },
  'azure-bandwidth-out': { azure: 'Microsoft.Network/publicIPAddresses' },
};

const resources = new Map<string, { key: string; name: string }>();

/** The resource of a profile's line, deterministic: an ARN on AWS, a resource id on Azure. */
function resourceOf(
  profile: DemoUsageProfile,
  line: DemoUsageLine,
): { key: string; name: string } {
  const cacheKey = `${profile.name}|${line.product.slug}`;
  const cached = resources.get(cacheKey);
  if (cached) return cached;
  const name = `${profile.name}-${line.product.slug}`;
  const hex = createHash('sha256').update(cacheKey).digest('hex');
  const type = RESOURCE_TYPES[line.product.slug] ?? {};
  const region = line.product.product.region ?? 'us-east-1';
  let resource: { key: string; name: string };
  if (line.account.provider === 'aws') {
    const [service, prefix] = type.aws ?? ['ec2', ''];
    const id = prefix.endsWith('-')
      ? `${prefix}${hex.slice(0, 17)}`
      : `${prefix}${name}`;
    resource = {
      key:
        service === 's3'
          ? `arn:aws:s3:::${name}`
          : `arn:aws:${service}:${region}:${line.account.key}:${id}`,
      name,
    };
  } else {
    const resourceName =
      type.azure === 'Microsoft.Storage/storageAccounts'
        ? `st${hex.slice(0, 22)}`
        : name;
    resource = {
      key: `/subscriptions/${line.account.key}/resourceGroups/rg-${
        profile.name
      }/providers/${
        type.azure ?? 'Microsoft.Resources/resources'
      }/${resourceName}${
        type.azure === 'Microsoft.Sql/servers'
          ? `/databases/${profile.name}`
          : ''
      }`,
      name: resourceName,
    };
  }
  resources.set(cacheKey, resource);
  return resource;
}

/** AWS Business support on a month's usage, by tiers. */
function supportFee(usage: Decimal): Decimal {
  let fee = new Decimal(0);
  let floor = new Decimal(0);
  for (const tier of DEMO_CHARGES.awsSupport.tiers) {
    const ceiling =
      tier.upTo === undefined ? usage : Decimal.min(usage, tier.upTo);
    if (ceiling.greaterThan(floor)) {
      fee = fee.plus(ceiling.minus(floor).times(tier.rate));
    }
    floor = new Decimal(tier.upTo ?? usage);
  }
  return fee;
}

/** The charges billed on the 1st of `month`: tax and support on the previous month's usage. */
function chargesOf(
  month: string,
  anomalies: Map<string, number>,
): Array<{ product: DemoProduct; account: DemoAccount; amount: Decimal }> {
  const usageByAccount = new Map<string, Decimal>();
  for (const day of daysOfMonth(shiftMonth(month, -1))) {
    for (const { line, quantity } of usageOn(day, anomalies)) {
      const billed = quantity.times(line.product.unitPrice);
      usageByAccount.set(
        line.account.key,
        (usageByAccount.get(line.account.key) ?? new Decimal(0)).plus(billed),
      );
    }
  }
  const usageOf = (account: DemoAccount) =>
    usageByAccount.get(account.key) ?? new Decimal(0);
  const { awsTax, awsSupport, azureSupport } = DEMO_CHARGES;
  const charges: Array<{
    product: DemoProduct;
    account: DemoAccount;
    amount: Decimal;
  }> = [];
  for (const account of awsTax.accounts) {
    charges.push({
      product: awsTax.product,
      account,
      amount: usageOf(account).times(awsTax.rate),
    });
  }
  for (const account of awsSupport.accounts) {
    charges.push({
      product: awsSupport.product,
      account,
      amount: supportFee(usageOf(account)),
    });
  }
  for (const account of azureSupport.accounts) {
    charges.push({
      product: azureSupport.product,
      account,
      amount: new Decimal(azureSupport.monthlyFee),
    });
  }
  return charges.map(charge => ({
    ...charge,
    amount: charge.amount.toDecimalPlaces(2, Decimal.ROUND_HALF_UP),
  }));
}

function anomalyFactors(now: Date): Map<string, number> {
  const factors = new Map<string, number>();
  for (const anomaly of DEMO_ANOMALIES(now)) {
    const component = anomaly.entityRef.replace(/^component:default\//, '');
    for (const day of anomaly.days) {
      factors.set(`${component}|${anomaly.productKey}|${day}`, anomaly.factor);
    }
  }
  return factors;
}

/**
 * A deterministic source of realistic AWS and Azure usage for the demo catalog, so a new
 * installation shows a live dashboard: weekly seasonality, monthly growth, a little noise,
 * monthly tax and support charges, and a few planted anomalies.
 */
export class DemoCostSource implements CostSource {
  readonly key: string;
  readonly backfillMonths: number;
  private readonly months: number;
  private readonly now: () => Date;

  constructor(options: DemoCostSourceOptions = {}) {
    this.key = options.key ?? 'demo';
    this.months = options.months ?? 18;
    this.backfillMonths = this.months;
    this.now = options.now ?? createFinopsClock();
  }

  async *readMonth({
    month,
    signal,
  }: CostSourceRequest): AsyncIterable<CostSourceRow> {
    const now = this.now();
    const today = now.toISOString().slice(0, 10);
    const current = monthIndex(today.slice(0, 7));
    const requested = monthIndex(month);
    if (requested > current || requested <= current - this.months) {
      return;
    }
    const estimated =
      requested === current ||
      (requested === current - 1 && now.getUTCDate() <= 5);
    const anomalies = anomalyFactors(now);

    for (const day of daysOfMonth(month)) {
      if (day >= today) {
        return;
      }
      signal?.throwIfAborted();
      if (day.endsWith('-01')) {
        for (const { product, account, amount } of chargesOf(
          month,
          anomalies,
        )) {
          yield {
            day,
            domainKey: product.domainKey,
            product: product.product,
            account: { key: account.key, name: account.name },
            tags: {},
            quantity: amount.toFixed(),
            billedAmount: amount.toFixed(),
            listAmount: amount.toFixed(),
            amortizedAmount: amount.toFixed(),
            currency: 'USD',
            estimated,
            origin: `demo:${day}:${account.name}:${product.slug}`,
          };
        }
        yield* reservationFees(DEMO_RESERVATIONS, month, today, reservation =>
          reservation.fee.familyKey === 'database' ? 'DATABASES' : 'CLOUD',
        ).map(fee => ({ ...fee, estimated }));
      }
      const usage: CostSourceRow[] = [];
      for (const { profile, line, quantity } of usageOn(day, anomalies)) {
        const billed = quantity.times(line.product.unitPrice).toFixed();
        usage.push({
          day,
          domainKey: line.product.domainKey,
          product: line.product.product,
          account: { key: line.account.key, name: line.account.name },
          resource: resourceOf(profile, line),
          tags: { ...profile.tags, ...line.tags },
          quantity: quantity.toFixed(),
          billedAmount: billed,
          listAmount: billed,
          amortizedAmount: billed,
          currency: 'USD',
          estimated,
          origin: `demo:${day}:${profile.name}:${line.product.slug}`,
        });
      }
      yield* applyReservations(usage, DEMO_RESERVATIONS, today);
    }
  }
}
