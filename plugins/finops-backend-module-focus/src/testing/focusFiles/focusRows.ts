/** Rows of string cells; a generator keeps a large file's rows out of memory. */
export type FocusRows = Iterable<string[]> | AsyncIterable<string[]>;

/** The columns of {@link focusRows}: what an AWS or Azure FOCUS 1.0 export holds, in short. */
export const FOCUS_HEADER = [
  'BillingAccountId',
  'BillingPeriodStart',
  'BillingPeriodEnd',
  'ChargePeriodStart',
  'ChargePeriodEnd',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'ProviderName',
  'ServiceName',
  'SubAccountId',
  'ResourceId',
  'RegionId',
  'SkuId',
  'PricingQuantity',
  'PricingUnit',
  'ConsumedQuantity',
  'ConsumedUnit',
  'ListUnitPrice',
  'ListCost',
  'ContractedUnitPrice',
  'ContractedCost',
  'BilledCost',
  'EffectiveCost',
  'BillingCurrency',
  'Tags',
];

/** `unscaled × 10^-10` with all its ten decimals, as CUR and FOCUS exports write costs. */
function tenDecimals(unscaled: bigint): string {
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(11, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -10)}.${digits.slice(-10)}`;
}

/**
 * `count` FOCUS rows of one month ({@link FOCUS_HEADER}), the same on every call: hourly usage
 * of a few services and accounts, costs with ten decimals (now and then one that a double
 * cannot hold, like 12345678901234.1234567891, or a negative credit), descriptions that need
 * CSV quotes, Tags as JSON objects or empty. Lazily made, so millions of rows cost no memory.
 */
export function* focusRows(
  count: number,
  options: { month?: string } = {},
): Generator<string[]> {
  const month = options.month ?? '2024-09';
  const start = Date.parse(`${month}-01T00:00:00Z`);
  const [year, monthNumber] = month.split('-').map(Number);
  const end = Date.UTC(year, monthNumber, 1);
  const hours = (end - start) / 3_600_000;
  const periods = Array.from({ length: hours + 1 }, (_, hour) =>
    new Date(start + hour * 3_600_000).toISOString().replace('.000Z', 'Z'),
  );
  const services = ['Amazon EC2', 'Amazon S3', 'AWS Lambda', 'Amazon RDS'];
  const teams = ['payments', 'search', 'checkout'];
  let seed = 42;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed;
  };
  for (let i = 0; i < count; i++) {
    const hour = i % hours;
    const service = services[i % services.length];
    const quantity = BigInt(next() % 100_000) * 1_000_000n;
    const price = BigInt(next() % 5_000_000) + 1n;
    const list = (quantity * price) / 10_000_000_000n;
    let billed = (list * 9n) / 10n;
    if (i % 1000 === 999) {
      billed = 123456789012341234567891n;
    } else if (i % 500 === 250) {
      billed = -billed;
    }
    const tags =
      i % 7 === 0
        ? ''
        : JSON.stringify({
            team: teams[i % teams.length],
            env: i % 2 ? 'prod' : 'dev',
          });
    yield [
      '111122223333',
      periods[0],
      periods[hours],
      periods[hour],
      periods[hour + 1],
      i % 500 === 250 ? 'Credit' : 'Usage',
      i % 500 === 250 ? 'Correction' : '',
      i % 3 === 0 ? `${service} usage, "${i % 10}" hours` : `${service} usage`,
      'AWS',
      service,
      `4444${(i % 5).toString().padStart(8, '0')}`,
      `arn:aws:ec2:eu-west-1:111122223333:instance/i-${(i % 997)
        .toString(16)
        .padStart(8, '0')}`,
      'eu-west-1',
      `SKU${i % 13}`,
      tenDecimals(quantity),
      'Hours',
      tenDecimals(quantity),
      'Hours',
      tenDecimals(price),
      tenDecimals(list),
      tenDecimals(price),
      tenDecimals(list),
      tenDecimals(billed),
      tenDecimals(billed),
      'USD',
      tags,
    ];
  }
}
