import {
  DecimalString,
  monthOfDate,
  shiftMonth,
} from '@finops-backstage/plugin-finops-common';
import { CostSourceProduct } from '@finops-backstage/plugin-finops-node';
import type { DemoReservation } from './demoReservations';

/** A cloud account of the demo: an AWS account or an Azure subscription. */
export interface DemoAccount {
  provider: 'aws' | 'azure';
  key: string;
  name: string;
}

/** The accounts the demo bills in. */
export const DEMO_ACCOUNTS = {
  acmeProd: { provider: 'aws', key: '111111111111', name: 'acme-prod' },
  acmeData: { provider: 'aws', key: '222222222222', name: 'acme-data' },
  /** Dedicated to ledger-service; its rows are untagged and map by account. */
  acmeLedger: { provider: 'aws', key: '333333333333', name: 'acme-ledger' },
  commerceProd: {
    provider: 'azure',
    key: '5f1c7a52-0000-4000-8000-00000000c0de',
    name: 'commerce-prod',
  },
  platformShared: {
    provider: 'azure',
    key: '9a3e2d10-0000-4000-8000-0000000f1a7f',
    name: 'platform-shared',
  },
} as const satisfies Record<string, DemoAccount>;

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

const AWS_EC2_M5_LARGE: DemoProduct = {
  product: {
    key: 'aws:AmazonEC2:BoxUsage:m5.large:us-east-1',
    name: 'EC2 m5.large (Linux, on demand)',
    unit: 'Hrs',
    provider: 'aws',
    service: 'AmazonEC2',
    region: 'us-east-1',
    familyKey: 'compute',
    attributes: { instanceType: 'm5.large', usageType: 'BoxUsage:m5.large' },
  },
  domainKey: 'CLOUD',
  unitPrice: '0.096',
  metering: 'instance-hours',
  slug: 'aws-ec2-m5-large',
};

const AWS_EC2_M5_XLARGE: DemoProduct = {
  product: {
    key: 'aws:AmazonEC2:BoxUsage:m5.xlarge:us-east-1',
    name: 'EC2 m5.xlarge (Linux, on demand)',
    unit: 'Hrs',
    provider: 'aws',
    service: 'AmazonEC2',
    region: 'us-east-1',
    familyKey: 'compute',
    attributes: { instanceType: 'm5.xlarge', usageType: 'BoxUsage:m5.xlarge' },
  },
  domainKey: 'CLOUD',
  unitPrice: '0.192',
  metering: 'instance-hours',
  slug: 'aws-ec2-m5-xlarge',
};

const AWS_S3_STANDARD: DemoProduct = {
  product: {
    key: 'aws:AmazonS3:TimedStorage-ByteHrs:us-east-1',
    name: 'S3 Standard storage',
    unit: 'GB-Mo',
    provider: 'aws',
    service: 'AmazonS3',
    region: 'us-east-1',
    familyKey: 'storage',
    attributes: { storageClass: 'STANDARD' },
  },
  domainKey: 'CLOUD',
  unitPrice: '0.023',
  metering: 'monthly-storage',
  slug: 'aws-s3-standard',
};

const AWS_RDS_R5_LARGE: DemoProduct = {
  product: {
    key: 'aws:AmazonRDS:InstanceUsage:db.r5.large:us-east-1',
    name: 'RDS db.r5.large (PostgreSQL, Multi-AZ off)',
    unit: 'Hrs',
    provider: 'aws',
    service: 'AmazonRDS',
    region: 'us-east-1',
    familyKey: 'database',
    attributes: { instanceType: 'db.r5.large', engine: 'PostgreSQL' },
  },
  domainKey: 'DATABASES',
  unitPrice: '0.25',
  metering: 'instance-hours',
  slug: 'aws-rds-r5-large',
};

const AWS_LAMBDA_REQUESTS: DemoProduct = {
  product: {
    key: 'aws:AWSLambda:Request:us-east-1',
    name: 'Lambda requests',
    unit: 'Requests',
    provider: 'aws',
    service: 'AWSLambda',
    region: 'us-east-1',
    familyKey: 'serverless',
  },
  domainKey: 'CLOUD',
  unitPrice: '0.0000002',
  metering: 'count',
  slug: 'aws-lambda-requests',
};

const AWS_DATA_TRANSFER_OUT: DemoProduct = {
  product: {
    key: 'aws:AWSDataTransfer:DataTransfer-Out-Bytes:us-east-1',
    name: 'Data transfer out to the internet',
    unit: 'GB',
    provider: 'aws',
    service: 'AWSDataTransfer',
    region: 'us-east-1',
    familyKey: 'network',
  },
  domainKey: 'CLOUD',
  unitPrice: '0.09',
  metering: 'count',
  slug: 'aws-data-transfer-out',
};

const AWS_NAT_GATEWAY: DemoProduct = {
  product: {
    key: 'aws:AmazonEC2:NatGateway-Bytes:us-east-1',
    name: 'NAT gateway data processed',
    unit: 'GB',
    provider: 'aws',
    service: 'AmazonEC2',
    region: 'us-east-1',
    familyKey: 'network',
  },
  domainKey: 'CLOUD',
  unitPrice: '0.045',
  metering: 'count',
  slug: 'aws-nat-gateway',
};

const AWS_TAX: DemoProduct = {
  product: {
    key: 'aws:Tax',
    name: 'AWS tax',
    unit: 'USD',
    provider: 'aws',
    service: 'Tax',
    familyKey: 'tax',
  },
  domainKey: 'CLOUD',
  unitPrice: '1',
  metering: 'amount',
  slug: 'aws-tax',
};

const AWS_SUPPORT: DemoProduct = {
  product: {
    key: 'aws:AWSSupportBusiness',
    name: 'AWS Support (Business)',
    unit: 'USD',
    provider: 'aws',
    service: 'AWSSupportBusiness',
    familyKey: 'support',
  },
  domainKey: 'CLOUD',
  unitPrice: '1',
  metering: 'amount',
  slug: 'aws-support',
};

const AZURE_VM_D4S_V5: DemoProduct = {
  product: {
    key: 'azure:VirtualMachines:D4s_v5:westeurope',
    name: 'Virtual Machines D4s v5 (Linux)',
    unit: 'Hrs',
    provider: 'azure',
    service: 'Virtual Machines',
    region: 'westeurope',
    familyKey: 'compute',
    attributes: { meterSubCategory: 'Dsv5 Series', meterName: 'D4s v5' },
  },
  domainKey: 'CLOUD',
  unitPrice: '0.192',
  metering: 'instance-hours',
  slug: 'azure-vm-d4s-v5',
};

const AZURE_BLOB_HOT_LRS: DemoProduct = {
  product: {
    key: 'azure:Storage:HotLRSDataStored:westeurope',
    name: 'Blob storage Hot LRS data stored',
    unit: 'GB-Mo',
    provider: 'azure',
    service: 'Storage',
    region: 'westeurope',
    familyKey: 'storage',
    attributes: {
      meterSubCategory: 'Hot Block Blob',
      meterName: 'Hot LRS Data Stored',
    },
  },
  domainKey: 'CLOUD',
  unitPrice: '0.0184',
  metering: 'monthly-storage',
  slug: 'azure-blob-hot-lrs',
};

const AZURE_SQL_VCORE: DemoProduct = {
  product: {
    key: 'azure:SQLDatabase:GeneralPurposeVCore:westeurope',
    name: 'SQL Database General Purpose vCore',
    unit: 'vCore-Hrs',
    provider: 'azure',
    service: 'SQL Database',
    region: 'westeurope',
    familyKey: 'database',
    attributes: { meterSubCategory: 'General Purpose - Compute Gen5' },
  },
  domainKey: 'DATABASES',
  unitPrice: '0.5044',
  metering: 'instance-hours',
  slug: 'azure-sql-vcore',
};

const AZURE_FUNCTIONS_EXECUTIONS: DemoProduct = {
  product: {
    key: 'azure:Functions:TotalExecutions:westeurope',
    name: 'Functions executions',
    unit: 'Executions',
    provider: 'azure',
    service: 'Functions',
    region: 'westeurope',
    familyKey: 'serverless',
  },
  domainKey: 'CLOUD',
  unitPrice: '0.0000002',
  metering: 'count',
  slug: 'azure-functions-executions',
};

const AZURE_BANDWIDTH_OUT: DemoProduct = {
  product: {
    key: 'azure:Bandwidth:DataTransferOut:westeurope',
    name: 'Bandwidth data transfer out',
    unit: 'GB',
    provider: 'azure',
    service: 'Bandwidth',
    region: 'westeurope',
    familyKey: 'network',
  },
  domainKey: 'CLOUD',
  unitPrice: '0.087',
  metering: 'count',
  slug: 'azure-bandwidth-out',
};

const AZURE_SUPPORT: DemoProduct = {
  product: {
    key: 'azure:Support:Standard',
    name: 'Azure Support (Standard)',
    unit: 'USD',
    provider: 'azure',
    service: 'Support',
    familyKey: 'support',
  },
  domainKey: 'CLOUD',
  unitPrice: '1',
  metering: 'amount',
  slug: 'azure-support',
};

/** Every product the demo bills. */
export const DEMO_PRODUCTS: readonly DemoProduct[] = [
  AWS_EC2_M5_LARGE,
  AWS_EC2_M5_XLARGE,
  AWS_S3_STANDARD,
  AWS_RDS_R5_LARGE,
  AWS_LAMBDA_REQUESTS,
  AWS_DATA_TRANSFER_OUT,
  AWS_NAT_GATEWAY,
  AWS_TAX,
  AWS_SUPPORT,
  AZURE_VM_D4S_V5,
  AZURE_BLOB_HOT_LRS,
  AZURE_SQL_VCORE,
  AZURE_FUNCTIONS_EXECUTIONS,
  AZURE_BANDWIDTH_OUT,
  AZURE_SUPPORT,
];

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
export const DEMO_REFERENCE_MONTH = '2026-03';

const { acmeProd, acmeData, acmeLedger, commerceProd, platformShared } =
  DEMO_ACCOUNTS;

/** The cost centre of each owner team, for the `CostCenter` tag. */
const COST_CENTERS: Record<string, string> = {
  'checkout-team': 'CC-1001',
  'payments-team': 'CC-1002',
  data: 'CC-2001',
  platform: 'CC-3001',
};

/**
 * The tags of a component's resources: `app` (what maps them to the component) and `env`, and
 * the mandatory tags of tag compliance (Owner, Environment, Team, CostCenter, Project), except
 * `missing` ones. The planted gaps of the demo (DEMO_TAG_GAPS) are made with it.
 */
function componentTags(
  name: string,
  team: string,
  system: string,
  missing: string[] = [],
): Record<string, string> {
  const tags: Record<string, string> = {
    app: name,
    env: 'prod',
    Owner: `${team}@acme.example`,
    Environment: 'production',
    Team: team,
    CostCenter: COST_CENTERS[team],
    Project: system,
  };
  for (const tag of missing) {
    delete tags[tag];
  }
  return tags;
}

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
export const DEMO_TAG_GAPS = {
  untagged: ['ledger-service'],
  missingCostCenter: ['fraud-scoring'],
  missingEnvironment: [
    'search-api',
    'recommendation-engine',
    'analytics-pipeline',
  ],
} as const;

function component(
  name: string,
  owner: { team: string; system: string },
  monthlyGrowth: DecimalString,
  lines: DemoUsageLine[],
): DemoUsageProfile {
  const missing = [
    ...((DEMO_TAG_GAPS.missingCostCenter as readonly string[]).includes(name)
      ? ['CostCenter']
      : []),
    ...((DEMO_TAG_GAPS.missingEnvironment as readonly string[]).includes(name)
      ? ['Environment']
      : []),
  ];
  return {
    name,
    component: name,
    tags: componentTags(name, owner.team, owner.system, missing),
    monthlyGrowth,
    lines,
  };
}

const CHECKOUT = { team: 'checkout-team', system: 'storefront' };
const PAYMENTS = { team: 'payments-team', system: 'payments' };
const DATA = { team: 'data', system: 'search-and-reco' };
const PLATFORM = { team: 'platform', system: 'developer-platform' };

/** The usage of the demo catalog's components, and the shared lines nobody owns. */
export const DEMO_USAGE_PROFILES: readonly DemoUsageProfile[] = [
  component('web-storefront', CHECKOUT, '0.03', [
    {
      product: AWS_EC2_M5_XLARGE,
      account: acmeProd,
      base: '26',
      pattern: 'customer-facing',
    },
    {
      product: AWS_S3_STANDARD,
      account: acmeProd,
      base: '20000',
      pattern: 'storage',
    },
    {
      product: AWS_DATA_TRANSFER_OUT,
      account: acmeProd,
      base: '1200',
      pattern: 'customer-facing',
    },
    {
      product: AWS_LAMBDA_REQUESTS,
      account: acmeProd,
      base: '30000000',
      pattern: 'customer-facing',
    },
    {
      product: AZURE_VM_D4S_V5,
      account: commerceProd,
      base: '8',
      pattern: 'customer-facing',
    },
    {
      product: AZURE_BANDWIDTH_OUT,
      account: commerceProd,
      base: '500',
      pattern: 'customer-facing',
    },
  ]),
  component('cart-service', CHECKOUT, '0.025', [
    {
      product: AWS_EC2_M5_LARGE,
      account: acmeProd,
      base: '26',
      pattern: 'customer-facing',
    },
    {
      product: AWS_RDS_R5_LARGE,
      account: acmeProd,
      base: '3',
      pattern: 'steady',
    },
    {
      product: AWS_LAMBDA_REQUESTS,
      account: acmeProd,
      base: '20000000',
      pattern: 'customer-facing',
    },
    {
      product: AZURE_SQL_VCORE,
      account: commerceProd,
      base: '6',
      pattern: 'steady',
    },
    {
      product: AZURE_FUNCTIONS_EXECUTIONS,
      account: commerceProd,
      base: '25000000',
      pattern: 'customer-facing',
    },
  ]),
  component('checkout-service', CHECKOUT, '0.02', [
    {
      product: AWS_EC2_M5_XLARGE,
      account: acmeProd,
      base: '16',
      pattern: 'customer-facing',
    },
    {
      product: AWS_RDS_R5_LARGE,
      account: acmeProd,
      base: '5',
      pattern: 'steady',
    },
    {
      product: AWS_DATA_TRANSFER_OUT,
      account: acmeProd,
      base: '320',
      pattern: 'customer-facing',
    },
    {
      product: AZURE_BLOB_HOT_LRS,
      account: commerceProd,
      base: '6000',
      pattern: 'storage',
    },
  ]),
  component('payment-gateway', PAYMENTS, '0.025', [
    {
      product: AWS_EC2_M5_LARGE,
      account: acmeProd,
      base: '20',
      pattern: 'customer-facing',
    },
    {
      product: AWS_RDS_R5_LARGE,
      account: acmeProd,
      base: '3',
      pattern: 'steady',
    },
    {
      product: AWS_DATA_TRANSFER_OUT,
      account: acmeProd,
      base: '250',
      pattern: 'customer-facing',
    },
    {
      product: AWS_LAMBDA_REQUESTS,
      account: acmeProd,
      base: '50000000',
      pattern: 'customer-facing',
    },
  ]),
  {
    // Untagged: the ledger's account is its own, and maps it.
    name: 'ledger-service',
    component: 'ledger-service',
    tags: {},
    monthlyGrowth: '0.02',
    lines: [
      {
        product: AWS_EC2_M5_LARGE,
        account: acmeLedger,
        base: '10',
        pattern: 'customer-facing',
      },
      {
        product: AWS_RDS_R5_LARGE,
        account: acmeLedger,
        base: '8',
        pattern: 'steady',
      },
      {
        product: AWS_S3_STANDARD,
        account: acmeLedger,
        base: '32000',
        pattern: 'storage',
      },
    ],
  },
  component('fraud-scoring', PAYMENTS, '0.03', [
    {
      product: AWS_EC2_M5_XLARGE,
      account: acmeProd,
      base: '22',
      pattern: 'customer-facing',
    },
    {
      product: AWS_S3_STANDARD,
      account: acmeProd,
      base: '12000',
      pattern: 'storage',
    },
    {
      product: AWS_LAMBDA_REQUESTS,
      account: acmeProd,
      base: '100000000',
      pattern: 'customer-facing',
    },
  ]),
  component('search-api', DATA, '0.02', [
    {
      product: AWS_EC2_M5_XLARGE,
      account: acmeData,
      base: '24',
      pattern: 'customer-facing',
    },
    {
      product: AWS_S3_STANDARD,
      account: acmeData,
      base: '10000',
      pattern: 'storage',
    },
    {
      product: AWS_DATA_TRANSFER_OUT,
      account: acmeData,
      base: '400',
      pattern: 'customer-facing',
    },
  ]),
  component('recommendation-engine', DATA, '0.035', [
    {
      product: AWS_EC2_M5_XLARGE,
      account: acmeData,
      base: '34',
      pattern: 'customer-facing',
    },
    {
      product: AWS_S3_STANDARD,
      account: acmeData,
      base: '22000',
      pattern: 'storage',
    },
    {
      product: AWS_RDS_R5_LARGE,
      account: acmeData,
      base: '3',
      pattern: 'steady',
    },
  ]),
  component('analytics-pipeline', DATA, '0.025', [
    {
      product: AWS_EC2_M5_XLARGE,
      account: acmeData,
      base: '36',
      pattern: 'steady',
    },
    {
      product: AWS_S3_STANDARD,
      account: acmeData,
      base: '250000',
      pattern: 'storage',
    },
    {
      product: AWS_DATA_TRANSFER_OUT,
      account: acmeData,
      base: '1200',
      pattern: 'steady',
    },
  ]),
  component('ci-runners', PLATFORM, '0.025', [
    { product: AWS_EC2_M5_LARGE, account: acmeProd, base: '48', pattern: 'ci' },
    {
      product: AWS_S3_STANDARD,
      account: acmeProd,
      base: '15000',
      pattern: 'storage',
    },
    {
      product: AZURE_VM_D4S_V5,
      account: platformShared,
      base: '24',
      pattern: 'ci',
      tags: { Owner: '', owner: 'platform@acme.example' },
    },
  ]),
  component('observability-stack', PLATFORM, '0.025', [
    {
      product: AWS_EC2_M5_XLARGE,
      account: acmeProd,
      base: '18',
      pattern: 'steady',
    },
    {
      product: AWS_S3_STANDARD,
      account: acmeProd,
      base: '110000',
      pattern: 'storage',
      tags: { CostCenter: '' },
    },
    {
      product: AZURE_BLOB_HOT_LRS,
      account: platformShared,
      base: '45000',
      pattern: 'storage',
    },
    {
      product: AZURE_FUNCTIONS_EXECUTIONS,
      account: platformShared,
      base: '40000000',
      pattern: 'steady',
    },
  ]),
  component('kubernetes-platform', PLATFORM, '0.02', [
    {
      product: AWS_EC2_M5_XLARGE,
      account: acmeProd,
      base: '40',
      pattern: 'steady',
    },
    {
      product: AWS_DATA_TRANSFER_OUT,
      account: acmeProd,
      base: '600',
      pattern: 'customer-facing',
    },
    {
      product: AZURE_VM_D4S_V5,
      account: platformShared,
      base: '28',
      pattern: 'steady',
    },
    {
      product: AZURE_SQL_VCORE,
      account: platformShared,
      base: '4',
      pattern: 'steady',
    },
  ]),
  {
    // NAT gateways of the production VPC, shared by every service: tagged env only, owned by nobody.
    name: 'shared',
    tags: { env: 'prod' },
    monthlyGrowth: '0.025',
    lines: [
      {
        product: AWS_NAT_GATEWAY,
        account: acmeProd,
        base: '1200',
        pattern: 'customer-facing',
      },
    ],
  },
];

/**
 * The monthly charges without a usable quantity, billed on the 1st of the month for the previous
 * month, untagged: tax (a share of the account's usage), support (AWS Business tiers or a flat fee).
 * The ledger's dedicated account has none, so they all stay unallocated.
 */
export const DEMO_CHARGES = {
  awsTax: { product: AWS_TAX, accounts: [acmeProd, acmeData], rate: '0.07' },
  awsSupport: {
    product: AWS_SUPPORT,
    accounts: [acmeProd, acmeData],
    /** AWS Business support: 10 % of the first 10 000 USD, 7 % up to 80 000, 5 % above. */
    tiers: [
      { upTo: '10000', rate: '0.10' },
      { upTo: '80000', rate: '0.07' },
      { upTo: undefined, rate: '0.05' },
    ],
  },
  azureSupport: {
    product: AZURE_SUPPORT,
    accounts: [commerceProd, platformShared],
    monthlyFee: '100',
  },
} as const;

/**
 * Keys of the products meant to stay unallocated: the shared NAT gateway (tagged `env` only) and
 * the untagged tax and support charges. Every other row maps to a component, by its `app` tag or,
 * for ledger-service, by its account 333333333333.
 */
/**
 * The demo's reserved instances (3 years, no upfront, bought before its history starts) in
 * acme-prod: EC2 m5.large, always fully used, and RDS db.r5.large, bought for more instances than
 * the databases used at first, so that part of it is wasted (less as usage grows).
 */
export const DEMO_RESERVATIONS: readonly DemoReservation[] = [
  {
    id: 'arn:aws:ec2:us-east-1:111111111111:reserved-instances/6f1e2d3c-demo-m5-large',
    name: 'm5.large × 30 (3 years, no upfront)',
    productKey: AWS_EC2_M5_LARGE.product.key,
    accountKey: DEMO_ACCOUNTS.acmeProd.key,
    instances: 30,
    hourlyRate: '0.041',
    startedMonthsAgo: 20,
    fee: {
      key: 'aws:AmazonEC2:RIFee:m5.large:us-east-1',
      name: 'EC2 m5.large reserved instances (recurring fee)',
      unit: 'USD',
      provider: 'aws',
      service: 'AmazonEC2',
      region: 'us-east-1',
      familyKey: 'compute',
    },
  },
  {
    id: 'arn:aws:rds:us-east-1:111111111111:ri:demo-r5-large',
    name: 'db.r5.large × 14 (3 years, no upfront)',
    productKey: AWS_RDS_R5_LARGE.product.key,
    accountKey: DEMO_ACCOUNTS.acmeProd.key,
    instances: 14,
    hourlyRate: '0.125',
    startedMonthsAgo: 20,
    fee: {
      key: 'aws:AmazonRDS:RIFee:db.r5.large:us-east-1',
      name: 'RDS db.r5.large reserved instances (recurring fee)',
      unit: 'USD',
      provider: 'aws',
      service: 'AmazonRDS',
      region: 'us-east-1',
      familyKey: 'database',
    },
  },
];

export const DEMO_UNALLOCATED_PRODUCT_KEYS: readonly string[] = [
  ...DEMO_RESERVATIONS.map(reservation => reservation.fee.key),
  AWS_NAT_GATEWAY.product.key,
  AWS_TAX.product.key,
  AWS_SUPPORT.product.key,
  AZURE_SUPPORT.product.key,
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

function monthBefore(now: Date, back: number): string {
  return shiftMonth(monthOfDate(now), -back);
}

/**
 * The planted anomalies, at fixed positions relative to the current month of `now` (UTC), so they
 * always fall inside an 18-month demo window.
 */
export function DEMO_ANOMALIES(now: Date): DemoAnomaly[] {
  return [
    {
      entityRef: 'component:default/recommendation-engine',
      productKey: AWS_EC2_M5_XLARGE.product.key,
      days: [`${monthBefore(now, 2)}-14`],
      factor: 4,
    },
    {
      entityRef: 'component:default/analytics-pipeline',
      productKey: AWS_DATA_TRANSFER_OUT.product.key,
      days: ['09', '10', '11'].map(day => `${monthBefore(now, 5)}-${day}`),
      factor: 5,
    },
    {
      entityRef: 'component:default/ci-runners',
      productKey: AZURE_VM_D4S_V5.product.key,
      days: [`${monthBefore(now, 9)}-20`],
      factor: 3,
    },
  ];
}
