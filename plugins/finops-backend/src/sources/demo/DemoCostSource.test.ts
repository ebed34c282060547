import { CostSourceRow } from '@finops-backstage/plugin-finops-node';
import Decimal from 'decimal.js';
import { DemoCostSource } from './DemoCostSource';
import {
  DEMO_ACCOUNTS,
  DEMO_ANOMALIES,
  DEMO_PRODUCTS,
  DEMO_RESERVATIONS,
  DEMO_UNALLOCATED_PRODUCT_KEYS,
} from './demoCatalog';

const NOW = new Date('2026-11-22T10:00:00Z');
const WINDOW = [
  '2025-06',
  '2025-07',
  '2025-08',
  '2025-09',
  '2025-10',
  '2025-11',
  '2025-12',
  '2026-01',
  '2026-02',
  '2026-03',
  '2026-04',
  '2026-05',
  '2026-06',
  '2026-07',
  '2026-08',
  '2026-09',
  '2026-10',
  '2026-11',
];
const DECIMAL = /^\d+(\.\d{1,6})?$/;
const PRICES = new Map(
  DEMO_PRODUCTS.map(demo => [demo.product.key, demo.unitPrice]),
);

async function read(
  month: string,
  now: Date = NOW,
  months?: number,
): Promise<CostSourceRow[]> {
  const rows: CostSourceRow[] = [];
  for await (const row of new DemoCostSource({
    now: () => now,
    months,
  }).readMonth({ month })) {
    rows.push(row);
  }
  return rows;
}

function weekday(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

function median(values: Decimal[]): Decimal {
  const sorted = [...values].sort((a, b) => a.comparedTo(b));
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[middle]
    : sorted[middle - 1].plus(sorted[middle]).dividedBy(2);
}

describe('DemoCostSource', () => {
  const byMonth = new Map<string, CostSourceRow[]>();

  beforeAll(async () => {
    for (const month of WINDOW) {
      byMonth.set(month, await read(month));
    }
  });

  const allRows = () => [...byMonth.values()].flat();

  it('gives the same rows in the same order for the same clock and month', async () => {
    expect(await read('2026-10')).toEqual(byMonth.get('2026-10'));
    expect(await read('2026-11')).toEqual(byMonth.get('2026-11'));
  });

  it('covers every day of a past month and only the days before today in the current one', () => {
    const october = new Set(byMonth.get('2026-10')!.map(row => row.day));
    expect(october.size).toBe(31);
    const november = [...new Set(byMonth.get('2026-11')!.map(row => row.day))];
    expect(november.sort()).toEqual(
      Array.from(
        { length: 21 },
        (_, i) => `2026-11-${String(i + 1).padStart(2, '0')}`,
      ),
    );
    for (const [month, rows] of byMonth) {
      expect(rows.every(row => row.day.startsWith(`${month}-`))).toBe(true);
      expect(new Set(rows.map(row => row.origin)).size).toBe(rows.length);
    }
  });

  it('yields nothing outside the window of months', async () => {
    expect(byMonth.get('2025-06')!.length).toBeGreaterThan(0);
    expect(await read('2025-05')).toEqual([]);
    expect(await read('2026-12')).toEqual([]);
    expect((await read('2026-09', NOW, 3)).length).toBeGreaterThan(0);
    expect(await read('2026-08', NOW, 3)).toEqual([]);
  });

  it('bills every row exactly quantity × unit price, in USD, as plain decimals; reserved hours are paid by the fee', () => {
    const fees = new Set(DEMO_RESERVATIONS.map(r => r.fee.key));
    const wrong = allRows().filter(row => {
      const price = fees.has(row.product.key)
        ? '1'
        : PRICES.get(row.product.key);
      const billed = row.commitment?.status
        ? new Decimal(0)
        : new Decimal(row.quantity).times(price ?? NaN);
      return (
        !DECIMAL.test(row.quantity) ||
        !DECIMAL.test(row.billedAmount ?? '') ||
        row.currency !== 'USD' ||
        price === undefined ||
        !billed.equals(row.billedAmount!)
      );
    });
    expect(wrong).toEqual([]);
  });

  it('bills each reservation every reserved hour, covers usage up to it and reports the rest unused', () => {
    const october = byMonth.get('2026-10')!;
    for (const reservation of DEMO_RESERVATIONS) {
      const hours = reservation.instances * 24 * 31;
      const fee = october.filter(
        row => row.product.key === reservation.fee.key,
      );
      expect(
        fee.map(row => [row.day, row.billedAmount, row.chargeCategory]),
      ).toEqual([
        [
          '2026-10-01',
          new Decimal(reservation.hourlyRate).times(hours).toFixed(2),
          'Purchase',
        ],
      ]);
      const of = (status: string) =>
        october
          .filter(
            row =>
              row.commitment?.id === reservation.id &&
              row.commitment.status === status,
          )
          .reduce(
            (sum, row) => sum.plus(row.commitment!.quantity!),
            new Decimal(0),
          );
      // Every reserved hour is used or unused, day by day.
      expect(of('Used').plus(of('Unused')).toNumber()).toBe(hours);
      expect(of('Used').toNumber()).toBeGreaterThan(0);
    }
    // The EC2 reservation is fully used; the RDS one, sized above usage, wastes some hours.
    const unused = (id: string) =>
      october.some(
        row => row.commitment?.id === id && row.commitment.status === 'Unused',
      );
    expect(DEMO_RESERVATIONS.map(r => unused(r.id))).toEqual([false, true]);
    // They were bought before the demo's history starts: its first month has them too.
    expect(
      byMonth.get('2025-06')!.filter(row => row.chargeCategory === 'Purchase'),
    ).toHaveLength(DEMO_RESERVATIONS.length);
  });

  it('keeps one unit per product, and instance hours within 24 per instance', () => {
    const units = new Map<string, Set<string>>();
    for (const row of allRows()) {
      units.set(
        row.product.key,
        (units.get(row.product.key) ?? new Set()).add(row.product.unit),
      );
    }
    expect(
      [...units.values()].filter(unitsOfProduct => unitsOfProduct.size !== 1),
    ).toEqual([]);
    const hours = allRows().filter(row => row.product.unit === 'Hrs');
    expect(hours.length).toBeGreaterThan(0);
    expect(
      hours.filter(
        row => new Decimal(row.quantity).dividedBy(24).decimalPlaces() > 2,
      ),
    ).toEqual([]);
  });

  it('runs customer-facing compute lower on weekends', () => {
    const weekend: Decimal[] = [];
    const weekdays: Decimal[] = [];
    for (const row of byMonth.get('2026-10')!) {
      if (
        row.tags.app === 'web-storefront' &&
        row.product.service === 'AmazonEC2'
      ) {
        const day = weekday(row.day);
        (day === 0 || day === 6 ? weekend : weekdays).push(
          new Decimal(row.quantity),
        );
      }
    }
    const mean = (values: Decimal[]) =>
      Decimal.sum(...values).dividedBy(values.length);
    expect(mean(weekend).lessThan(mean(weekdays).times('0.85'))).toBe(true);
  });

  it('plants the anomalies inside the window', () => {
    const anomalies = DEMO_ANOMALIES(NOW);
    expect(anomalies).toHaveLength(3);
    for (const anomaly of anomalies) {
      const app = anomaly.entityRef.replace('component:default/', '');
      for (const day of anomaly.days) {
        const series = byMonth
          .get(day.slice(0, 7))!
          .filter(
            row =>
              row.tags.app === app && row.product.key === anomaly.productKey,
          );
        const spike = series.find(row => row.day === day)!;
        const sameWeekday = series
          .filter(row => weekday(row.day) === weekday(day))
          .map(row => new Decimal(row.quantity));
        expect(
          new Decimal(spike.quantity).greaterThanOrEqualTo(
            median(sameWeekday).times('2.5'),
          ),
        ).toBe(true);
      }
    }
  });

  it('flags the current month, and the previous one until the 5th, as estimated', async () => {
    expect(byMonth.get('2026-11')!.every(row => row.estimated === true)).toBe(
      true,
    );
    expect(byMonth.get('2026-10')!.every(row => row.estimated === false)).toBe(
      true,
    );
    const fifth = new Date('2026-11-05T23:00:00Z');
    expect(
      (await read('2026-10', fifth)).every(row => row.estimated === true),
    ).toBe(true);
    expect(
      (await read('2026-09', fifth)).every(row => row.estimated === false),
    ).toBe(true);
    const sixth = new Date('2026-11-06T00:00:00Z');
    expect(
      (await read('2026-10', sixth)).every(row => row.estimated === false),
    ).toBe(true);
  });

  it('leaves only the ledger account, the declared shared lines and unused reserved hours without an app tag', () => {
    const misplaced = allRows().filter(row => {
      const ledger = row.account?.key === DEMO_ACCOUNTS.acmeLedger.key;
      const shared =
        DEMO_UNALLOCATED_PRODUCT_KEYS.includes(row.product.key) ||
        row.commitment?.status === 'Unused';
      return (
        (row.tags.app === undefined) !== (ledger || shared) ||
        (ledger && Object.keys(row.tags).length > 0)
      );
    });
    expect(misplaced).toEqual([]);
    expect(
      allRows().some(row => row.account?.key === DEMO_ACCOUNTS.acmeLedger.key),
    ).toBe(true);
  });

  it('bills between 60 000 and 120 000 USD in each full month of the window', () => {
    for (const month of WINDOW.slice(0, -1)) {
      const total = Decimal.sum(
        ...byMonth.get(month)!.map(row => row.billedAmount!),
      );
      expect(total.toNumber()).toBeGreaterThan(60_000);
      expect(total.toNumber()).toBeLessThan(120_000);
    }
  });
});
