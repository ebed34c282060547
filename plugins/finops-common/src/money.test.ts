import { costOf, parseDecimal, sumDecimals, toCents } from './money';

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
