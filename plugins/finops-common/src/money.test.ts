import Decimal from 'decimal.js';
import {
  allocateByPartition,
  allocateCents,
  amountOfCents,
  centsOf,
  shareOutCents,
  costOf,
  parseDecimal,
  percentOf,
  roundCents,
  sumDecimals,
  sumOf,
  toCents,
} from './money';

describe('money', () => {
  it('multiplies quantity by unit price without float error', () => {
    expect(costOf('0.1', '3')).toBe('0.3');
    expect(costOf('720.5', '0.0464')).toBe('33.4312');
  });

  it('sums exactly where floats would drift', () => {
    const tenCents = Array.from({ length: 10 }, () => '0.1');
    expect(sumDecimals(tenCents)).toBe('1');
    expect(0.1 * 10 === 1 && [0.1, 0.2].reduce((a, b) => a + b) === 0.3).toBe(
      false,
    );
    expect(sumDecimals([])).toBe('0');
  });

  it('rounds half away from zero to cents', () => {
    expect(toCents('2.345')).toBe('2.35');
    expect(toCents('-2.345')).toBe('-2.35');
    expect(toCents('7')).toBe('7.00');
  });

  it('refuses what is not a decimal number', () => {
    for (const bad of ['', 'NaN', 'Infinity', '1e5', '1,5', 'abc']) {
      expect(() => parseDecimal(bad)).toThrow(/Not a decimal number/);
    }
  });
});

describe('allocateCents', () => {
  const cents = (amounts: string[], total?: string) =>
    allocateCents(amounts, total).map(c => c.toFixed(2));

  it('gives the cents lost by rounding each part to the parts that lost most', () => {
    // Each part rounds up alone (3 × 0.335 → 3 × 0.34 = 1.02) but the total is 1.01 (1.005).
    expect(['0.335', '0.335', '0.335'].map(toCents)).toEqual([
      '0.34',
      '0.34',
      '0.34',
    ]);
    expect(cents(['0.335', '0.335', '0.335'])).toEqual([
      '0.34',
      '0.34',
      '0.33',
    ]);
    expect(cents(['1.004', '2.006', '3.001'])).toEqual([
      '1.00',
      '2.01',
      '3.00',
    ]);
  });

  it('rounds credits and charges alike, and adds up to the rounded sum', () => {
    const amounts = ['-0.125', '10.4449', '3.3333', '-2.0051', '0'];
    const result = allocateCents(amounts);
    expect(sumOf(result).toFixed(2)).toBe(toCents(sumDecimals(amounts)));
    expect(cents(['-0.125', '-0.125'])).toEqual(['-0.12', '-0.13']);
  });

  it('reaches a total fixed elsewhere, giving or taking cents', () => {
    expect(cents(['0.5', '0.5'], '1.03')).toEqual(['0.52', '0.51']);
    expect(cents(['0.504', '0.503'], '0.99')).toEqual(['0.50', '0.49']);
    expect(cents([], '0')).toEqual([]);
    expect(() => allocateCents([], '0.01')).toThrow(/over nothing/);
  });

  it('rounds partition by partition, so that any sum of partitions is the sum of their totals', () => {
    const items = [
      { part: 'a', amount: '0.335' },
      { part: 'b', amount: '0.335' },
      { part: 'a', amount: '0.335' },
    ];
    const result = allocateByPartition(
      items,
      item => item.part,
      item => item.amount,
    ).map(c => c.toFixed(2));
    // a: 0.67 (0.34 + 0.33), b: 0.34 on its own, as each is when asked alone.
    expect(result).toEqual(['0.34', '0.34', '0.33']);
  });
});

describe('roundCents and percentOf', () => {
  it('round half away from zero, from numbers, decimals and strings', () => {
    expect(roundCents(0.125)).toBe('0.13');
    expect(roundCents(-0.125)).toBe('-0.13');
    expect(roundCents('12.344999')).toBe('12.34');
    expect(roundCents(new Decimal('7'))).toBe('7.00');
  });

  it('give a ÷ b in percent with the decimals asked for, and null for a b of 0', () => {
    expect(percentOf(1, 3)).toBe('33.3');
    expect(percentOf('2', '3', 2)).toBe('66.67');
    expect(percentOf(-1, 8)).toBe('-12.5');
    expect(percentOf(5, 0)).toBeNull();
  });
});

describe('shareOutCents', () => {
  /** A seeded generator: the same amounts on every run. */
  function amounts(seed: number, count: number): Decimal[] {
    let state = seed;
    const next = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state;
    };
    return Array.from({ length: count }, () => {
      const digits = next() % 9;
      const value = new Decimal(next() % 2000000)
        .minus(500000)
        .dividedBy(new Decimal(10).pow(digits));
      // Ties of fractions, zeros and trailing zeros: the cases that order the cents.
      if (next() % 7 === 0) return new Decimal('0.125');
      if (next() % 11 === 0) return new Decimal(0);
      return value;
    });
  }

  it('gives the cents allocateCents gives, from floors and fractions as SQL writes them', () => {
    for (let seed = 1; seed <= 200; seed += 1) {
      const exact = amounts(seed, 1 + (seed % 40));
      const floors = exact.map(a => a.times(100).floor().toNumber());
      const fractions = exact.map((a, i) =>
        // Some with trailing zeros, as a numeric of a larger scale prints them.
        a
          .times(100)
          .minus(floors[i])
          .toFixed((seed + i) % 3 === 0 ? 12 : undefined),
      );
      const total = Number(
        exact
          .reduce((sum, a) => sum.plus(a), new Decimal(0))
          .toDecimalPlaces(2, Decimal.ROUND_HALF_UP)
          .times(100),
      );
      expect(
        shareOutCents(floors, fractions, total).map(amountOfCents),
      ).toEqual(allocateCents(exact).map(c => c.toFixed(2)));
    }
  });

  it('refuses a total the floors cannot reach with one cent each', () => {
    expect(() => shareOutCents([1, 2], ['0.5', '0.5'], 6)).toThrow(RangeError);
    expect(shareOutCents([1, 2], ['0.5', '0.5'], 4)).toEqual([2, 2]);
  });

  it('counts whole cents exactly, and refuses a fraction of one', () => {
    expect(centsOf('174.13')).toBe(17413);
    expect(centsOf('-12.05')).toBe(-1205);
    expect(centsOf('7')).toBe(700);
    expect(centsOf('0.5')).toBe(50);
    expect(centsOf('3.1000')).toBe(310);
    expect(Object.is(centsOf('-0.00'), 0)).toBe(true);
    expect(centsOf('90071992547409.91')).toBe(Number.MAX_SAFE_INTEGER);
    for (const amount of ['0.001', '1.005', '1e3', '', '.5', '12.', 'x']) {
      expect(() => centsOf(amount)).toThrow(RangeError);
    }
    expect(() => centsOf('90071992547409.92')).toThrow(RangeError);
    for (const amount of ['0.00', '-0.01', '174.13', '-12.05', '1000000.00']) {
      expect(amountOfCents(centsOf(amount))).toBe(amount);
    }
    expect(() => amountOfCents(0.5)).toThrow(RangeError);
    expect(() => amountOfCents(2 ** 53)).toThrow(RangeError);
  });
});
