import { CostSource, CostSourceRow } from '@internal/plugin-finops-node';

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
export function daysOf(month: string): string[] {
  const [year, m] = month.split('-').map(Number);
  const count = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return Array.from(
    { length: count },
    (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`,
  );
}

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
