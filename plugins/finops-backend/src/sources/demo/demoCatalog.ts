import {
  DecimalString,
  monthOfDate,
  shiftMonth,
} from '@finops-backstage/plugin-finops-common';
import { CostSourceProduct } from '@finops-backstage/plugin-finops-node';
import type { DemoReservation } from './demoReservations';
import catalog from './demoCatalogData.json';

// The demo's data (accounts, products, teams, usage profiles, charges, reservations, planted
// anomalies) is `demoCatalogData.json`; products and accounts are named there by slug and by the
// keys of `accounts`. This module types it and resolves those names.

/** A cloud account of the demo: an AWS account or an Azure subscription. */
export interface DemoAccount {
  provider: 'aws' | 'azure';
  key: string;
  name: string;
}

/** The names of the demo's accounts, e.g. `acmeLedger` (dedicated to ledger-service, untagged). */
export type DemoAccountName = keyof typeof catalog.accounts;

/** The accounts the demo bills in. */
export const DEMO_ACCOUNTS = catalog.accounts as Record<
  DemoAccountName,
  DemoAccount
>;

/** The cost domains of the demo's rows. */
export type DemoDomainKey = 'CLOUD' | 'DATABASES';

/**
 * How a product's daily quantity is derived from a line's base:
 * `instance-hours`: base instances × 24 h; `monthly-storage`: base GB stored, the day's share of a
 * GB-month; `count`: base units a day; `amount`: a currency-metered charge (unit price 1).
 */
export type DemoMetering =
  | 'instance-hours'
  | 'monthly-storage'
  | 'count'
  | 'amount';

/** A product of the demo, with its one unit and stable unit price. */
export interface DemoProduct {
  product: CostSourceProduct;
  domainKey: DemoDomainKey;
  /** Price of one unit, USD. */
  unitPrice: DecimalString;
  metering: DemoMetering;
  /** Short name used in row origins, e.g. `aws-ec2-m5-large`. */
  slug: string;
}

/** Every product the demo bills. */
export const DEMO_PRODUCTS = catalog.products as readonly DemoProduct[];

function productOf(slug: string): DemoProduct {
  const product = DEMO_PRODUCTS.find(candidate => candidate.slug === slug);
  if (!product) throw new Error(`No demo product '${slug}'`);
  return product;
}

function accountOf(name: string): DemoAccount {
  return DEMO_ACCOUNTS[name as DemoAccountName];
}

/**
 * Daily shape of a usage line: `customer-facing` ×0.75 on weekends, ±5 % noise; `ci` ×0.3 on
 * weekends, ±5 %; `steady` flat, ±3 %; `storage` flat, ±0.5 %.
 */
export type DemoUsagePattern = 'customer-facing' | 'ci' | 'steady' | 'storage';

/** One product a profile consumes, in one account. */
export interface DemoUsageLine {
  product: DemoProduct;
  account: DemoAccount;
  /** Daily base at the reference month: instances, GB stored, or units a day (see DemoMetering). */
  base: DecimalString;
  pattern: DemoUsagePattern;
  /** Tags of this line's resource over the profile's (a planted gap of tag compliance). */
  tags?: Record<string, string>;
}

/** What one component (or the shared infrastructure) consumes. */
export interface DemoUsageProfile {
  /** Name in origins and seeds: the component's, or `shared`. */
  name: string;
  /** The catalog component the usage belongs to; undefined for the shared lines nobody owns. */
  component?: string;
  tags: Record<string, string>;
  /** Compound growth per month, e.g. `0.03` for 3 %. */
  monthlyGrowth: DecimalString;
  lines: DemoUsageLine[];
}

/** Growth is compounded from this calendar month, where every line is at its base. */
export const DEMO_REFERENCE_MONTH: string = catalog.referenceMonth;

/**
 * The gaps of tag compliance planted in the demo, every month alike:
 * - ledger-service carries no tag at all (it maps by its account);
 * - fraud-scoring misses `CostCenter`;
 * - the data team's components (search-api, recommendation-engine, analytics-pipeline) miss
 *   `Environment`;
 * - ci-runners' Azure VMs carry a blank `Owner` beside an `owner` in lower case (they comply:
 *   keys match case-insensitively);
 * - observability-stack's S3 bucket has a blank `CostCenter` (it counts as missing);
 * - the shared NAT gateway carries `env` only, and the tax and support charges name no resource.
 */
export const DEMO_TAG_GAPS: {
  readonly untagged: readonly string[];
  readonly missingCostCenter: readonly string[];
  readonly missingEnvironment: readonly string[];
} = catalog.tagGaps;

/**
 * The tags of a component's resources: `app` (what maps them to the component) and `env`, and
 * the mandatory tags of tag compliance (Owner, Environment, Team, CostCenter, Project), except
 * the ones its planted gaps (DEMO_TAG_GAPS) leave out.
 */
function componentTags(name: string, team: string): Record<string, string> {
  const { system, costCenter } =
    catalog.teams[team as keyof typeof catalog.teams];
  const tags: Record<string, string> = {
    app: name,
    env: 'prod',
    Owner: `${team}@acme.example`,
    Environment: 'production',
    Team: team,
    CostCenter: costCenter,
    Project: system,
  };
  if (DEMO_TAG_GAPS.missingCostCenter.includes(name)) delete tags.CostCenter;
  if (DEMO_TAG_GAPS.missingEnvironment.includes(name)) delete tags.Environment;
  return tags;
}

/** A profile of the data file: a component of a team, or lines with tags of their own. */
type ProfileData = {
  monthlyGrowth: string;
  lines: Array<{
    product: string;
    account: string;
    base: string;
    pattern: string;
    tags?: Record<string, string>;
  }>;
} & (
  | { component: string; team: string }
  | { component: string; tags: Record<string, string> }
  | { name: string; tags: Record<string, string> }
);

function profileOf(data: ProfileData): DemoUsageProfile {
  const name = 'component' in data ? data.component : data.name;
  return {
    name,
    ...('component' in data ? { component: data.component } : {}),
    tags: 'team' in data ? componentTags(name, data.team) : data.tags,
    monthlyGrowth: data.monthlyGrowth,
    lines: data.lines.map(line => ({
      product: productOf(line.product),
      account: accountOf(line.account),
      base: line.base,
      pattern: line.pattern as DemoUsagePattern,
      ...(line.tags ? { tags: line.tags } : {}),
    })),
  };
}

/**
 * The usage of the demo catalog's components, and the shared lines nobody owns (the NAT gateways
 * of the production VPC: tagged `env` only). ledger-service is untagged: its account is its own,
 * and maps it.
 */
export const DEMO_USAGE_PROFILES: readonly DemoUsageProfile[] = (
  catalog.profiles as ProfileData[]
).map(profileOf);

/** A charge billed to each of some accounts. */
interface DemoCharge {
  product: DemoProduct;
  accounts: readonly DemoAccount[];
}

const { awsTax, awsSupport, azureSupport } = catalog.charges;
const charged = (data: {
  product: string;
  accounts: string[];
}): DemoCharge => ({
  product: productOf(data.product),
  accounts: data.accounts.map(accountOf),
});

/**
 * The monthly charges without a usable quantity, billed on the 1st of the month for the previous
 * month, untagged: tax (a share of the account's usage), support (AWS Business tiers or a flat fee).
 * The ledger's dedicated account has none, so they all stay unallocated.
 */
export const DEMO_CHARGES: {
  readonly awsTax: DemoCharge & { rate: DecimalString };
  /** AWS Business support: 10 % of the first 10 000 USD, 7 % up to 80 000, 5 % above. */
  readonly awsSupport: DemoCharge & {
    tiers: ReadonlyArray<{ upTo?: DecimalString; rate: DecimalString }>;
  };
  readonly azureSupport: DemoCharge & { monthlyFee: DecimalString };
} = {
  awsTax: { ...charged(awsTax), rate: awsTax.rate },
  awsSupport: {
    ...charged(awsSupport),
    tiers: awsSupport.tiers.map(tier => ({
      upTo: 'upTo' in tier ? tier.upTo : undefined,
      rate: tier.rate,
    })),
  },
  azureSupport: {
    ...charged(azureSupport),
    monthlyFee: azureSupport.monthlyFee,
  },
};

/**
 * The demo's reserved instances (3 years, no upfront, bought before its history starts) in
 * acme-prod: EC2 m5.large, always fully used, and RDS db.r5.large, bought for more instances than
 * the databases used at first, so that part of it is wasted (less as usage grows).
 */
export const DEMO_RESERVATIONS: readonly DemoReservation[] =
  catalog.reservations.map(({ product, account, ...reservation }) => ({
    id: reservation.id,
    name: reservation.name,
    productKey: productOf(product).product.key,
    accountKey: accountOf(account).key,
    instances: reservation.instances,
    hourlyRate: reservation.hourlyRate,
    startedMonthsAgo: reservation.startedMonthsAgo,
    fee: reservation.fee,
  }));

/**
 * Keys of the products meant to stay unallocated: the reservations' fees, the shared NAT gateway
 * (tagged `env` only) and the untagged tax and support charges. Every other row maps to a
 * component, by its `app` tag or, for ledger-service, by its account 333333333333.
 */
export const DEMO_UNALLOCATED_PRODUCT_KEYS: readonly string[] = [
  ...DEMO_RESERVATIONS.map(reservation => reservation.fee.key),
  ...['aws-nat-gateway', 'aws-tax', 'aws-support', 'azure-support'].map(
    slug => productOf(slug).product.key,
  ),
];

/** A spike planted in the demo for anomaly detection to find. */
export interface DemoAnomaly {
  entityRef: string;
  productKey: string;
  /** Days of the spike, `YYYY-MM-DD`. */
  days: string[];
  /** Multiplier of the day's usage. */
  factor: number;
}

/**
 * The planted anomalies, at fixed positions relative to the current month of `now` (UTC), so they
 * always fall inside an 18-month demo window.
 */
export function DEMO_ANOMALIES(now: Date): DemoAnomaly[] {
  const month = monthOfDate(now);
  return catalog.anomalies.map(anomaly => {
    const of = shiftMonth(month, -anomaly.monthsBefore);
    return {
      entityRef: anomaly.entityRef,
      productKey: productOf(anomaly.product).product.key,
      days: anomaly.days.map(day => `${of}-${day}`),
      factor: anomaly.factor,
    };
  });
}
