import { daysOfMonth } from '@finops-backstage/plugin-finops-common';
import {
  CostSource,
  CostSourceRow,
  IncompleteDeliveryError,
  SourceMonth,
} from '@finops-backstage/plugin-finops-node';

/** A row of the test sources: 24 hours of one instance type, tagged for an app. */
export function usageRow(
  day: string,
  overrides: Partial<CostSourceRow> = {},
): CostSourceRow {
  return {
    day,
    domainKey: 'CLOUD',
    product: {
      key: 'aws:ec2:m5.large',
      name: 'm5.large',
      unit: 'Hrs',
      provider: 'aws',
      service: 'AmazonEC2',
      familyKey: 'compute',
    },
    account: { key: '111111111111' },
    tags: { app: 'cart-service' },
    quantity: '24',
    billedAmount: '2.304',
    currency: 'USD',
    origin: `test:${day}`,
    ...overrides,
  };
}

/** Every day of a month, `YYYY-MM-DD`. */
export const daysOf = daysOfMonth;

/** A source whose rows a test sets, month by month; it can fail at a given row. */
export class ScriptedSource implements CostSource {
  rows = new Map<string, CostSourceRow[]>();
  /** Throw when this row number (1-based) is reached. */
  failAt?: number;
  /** Called before each row is yielded. */
  beforeRow?: (index: number) => Promise<void>;

  constructor(readonly key: string) {}

  async *readMonth({ month }: { month: string }): AsyncIterable<CostSourceRow> {
    let index = 0;
    for (const row of this.rows.get(month) ?? []) {
      index += 1;
      await this.beforeRow?.(index);
      if (this.failAt === index) {
        throw new Error(`source failed at row ${index}`);
      }
      yield row;
    }
  }
}

/**
 * A scripted source that lists its months, as the FOCUS exports do: the months it has rows for,
 * each with the stamp a test sets; it can refuse a month as an incomplete delivery.
 */
export class ListingSource extends ScriptedSource {
  stamps = new Map<string, string>();
  /** Months read as an incomplete delivery, with why. */
  incomplete = new Map<string, string>();
  listings = 0;
  /** Thrown by the listing, when set. */
  listingError?: Error;

  constructor(key: string, readonly maxMonths?: number) {
    super(key);
  }

  async listMonths(request: {
    countRequest?: (operation: string) => void;
  }): Promise<SourceMonth[]> {
    this.listings += 1;
    request.countRequest?.('List');
    if (this.listingError) {
      throw this.listingError;
    }
    return [...this.rows.keys()].map(month => ({
      month,
      stamp: this.stamps.get(month),
    }));
  }

  async *readMonth(request: { month: string }): AsyncIterable<CostSourceRow> {
    const why = this.incomplete.get(request.month);
    let index = 0;
    for await (const row of super.readMonth(request)) {
      index += 1;
      // Half the rows read, then the cut found: what a file cut at its end does.
      if (why && index > (this.rows.get(request.month)?.length ?? 0) / 2) {
        throw new IncompleteDeliveryError(why);
      }
      yield row;
    }
  }
}

/** A row of an AWS product metered in USD (support, tax): `amount` billed for as much quantity. */
export function usdRow(
  day: string,
  product: { key: string; name: string; service: string; familyKey: string },
  amount: string,
  origin: string,
): CostSourceRow {
  return usageRow(day, {
    product: { ...product, unit: 'USD', provider: 'aws' },
    quantity: amount,
    billedAmount: amount,
    origin,
  });
}
