import { FakeUsage } from './FakeCostExplorer';

export const PROD = '111111111111';
export const DATA = '222222222222';
export const ACCOUNT_NAMES = { [PROD]: 'acme-prod', [DATA]: 'acme-data' };

export const EC2 = 'Amazon Elastic Compute Cloud - Compute';
export const EC2_OTHER = 'EC2 - Other';
export const S3 = 'Amazon Simple Storage Service';
export const RDS = 'Amazon Relational Database Service';
export const DYNAMODB = 'Amazon DynamoDB';
export const SAVINGS_PLANS = 'Savings Plans for AWS Compute usage';
/** A usage type two services bill (as data transfer is). */
export const TRANSFER = 'USE1-DataTransfer-Out-Bytes';

export function daysOf(month: string): string[] {
  const [year, m] = month.split('-').map(Number);
  const count = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return Array.from(
    { length: count },
    (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`,
  );
}

/**
 * A month of a small organisation's bill, amounts with up to ten decimals as Cost Explorer gives
 * them: tagged and untagged EC2, S3 storage, data transfer billed by two services, spot, a savings
 * plan fee, RDS, DynamoDB tagged with `team` only, tax on the 1st, a credit on the 15th.
 */
export function fakeBill(month: string): FakeUsage[] {
  const usage: FakeUsage[] = [];
  const line = (
    account: string,
    day: string,
    service: string,
    usageType: string,
    unit: string,
    tags: Record<string, string>,
    quantity: string,
    billed: string,
    amortized = billed,
  ) =>
    usage.push({
      account,
      day,
      service,
      usageType,
      unit,
      tags,
      quantity,
      billed,
      amortized,
    });
  for (const day of daysOf(month)) {
    const n = Number(day.slice(8));
    line(
      PROD,
      day,
      EC2,
      'BoxUsage:m5.large',
      'Hrs',
      { app: 'checkout' },
      '48',
      '4.608',
      '3.9',
    );
    line(
      PROD,
      day,
      EC2,
      'BoxUsage:m5.large',
      'Hrs',
      { app: 'search' },
      '24',
      '2.304',
      '1.95',
    );
    line(
      PROD,
      day,
      EC2,
      'BoxUsage:m5.large',
      'Hrs',
      {},
      '12',
      '1.152',
      '0.975',
    );
    line(
      PROD,
      day,
      S3,
      'TimedStorage-ByteHrs',
      'GB-Mo',
      { app: 'checkout' },
      '3.2258064516',
      '0.0741935484',
    );
    line(
      PROD,
      day,
      S3,
      TRANSFER,
      'GB',
      { app: 'search' },
      `10.${n}`,
      `0.9${n}45`,
    );
    line(
      PROD,
      day,
      EC2_OTHER,
      TRANSFER,
      'GB',
      { app: 'checkout' },
      '20.25',
      '1.8225',
    );
    line(
      PROD,
      day,
      EC2_OTHER,
      TRANSFER,
      'GB',
      {},
      '1.123456789',
      '0.1011111110',
    );
    line(
      PROD,
      day,
      EC2,
      'SpotUsage:c5.xlarge',
      'Hrs',
      { app: 'batch' },
      '24',
      '1.2345678901',
    );
    line(
      PROD,
      day,
      SAVINGS_PLANS,
      'ComputeSP:1yrNoUpfront',
      'Hrs',
      {},
      '24',
      '12',
      '0',
    );
    line(
      DATA,
      day,
      RDS,
      'InstanceUsage:db.r5.large',
      'Hrs',
      { app: 'ledger' },
      '24',
      '6',
      '4.2',
    );
    line(
      DATA,
      day,
      DYNAMODB,
      'TimedStorage-ByteHrs',
      'GB-Mo',
      { team: 'data' },
      '0.5',
      '0.125',
    );
    if (n === 1) {
      line(PROD, day, 'Tax', 'Tax', 'N/A', {}, '0', '123.45');
      line(DATA, day, 'Tax', 'Tax', 'N/A', {}, '0', '7.89');
    }
    if (n === 15) {
      line(
        PROD,
        day,
        EC2,
        'BoxUsage:m5.large',
        'Hrs',
        {},
        '0',
        '-5.00',
        '-5.00',
      );
      line(
        DATA,
        day,
        'AWS Support (Business)',
        'Credit',
        'N/A',
        {},
        '0',
        '-2.5',
      );
    }
  }
  return usage;
}
