import { columnReader, dayOf, decimalOf } from './columnReader';

describe('columnReader', () => {
  it('reads columns by name, in any case and order', () => {
    const columns = columnReader({
      columns: [{ name: 'PreTaxCost' }, { name: 'MeterId' }],
      rows: [],
    });
    expect(columns.has('meterid')).toBe(true);
    expect(columns.find('totalCost', 'Cost', 'PreTaxCost')).toBe('PreTaxCost');
    expect(columns.get(['1.5', 'm-1'], 'MeterId')).toBe('m-1');
    expect(columns.get(['1.5'], 'MeterId')).toBeNull();
    expect(columns.get(['1.5', 'm-1'], 'Currency')).toBeNull();
  });
});

describe('dayOf', () => {
  it('reads the compact number and the ISO date', () => {
    expect(dayOf('20261101')).toBe('2026-11-01');
    expect(dayOf('2026-11-01T00:00:00')).toBe('2026-11-01');
    expect(dayOf('1 Nov 2026')).toBeUndefined();
    expect(dayOf(null)).toBeUndefined();
  });
});

describe('decimalOf', () => {
  it('reads exact numbers, empty as zero, and names a bad one', () => {
    expect(decimalOf('0.1234567890123456789', 'cost').toFixed()).toBe(
      '0.1234567890123456789',
    );
    expect(decimalOf('', 'cost').toFixed()).toBe('0');
    expect(decimalOf(null, 'cost').toFixed()).toBe('0');
    expect(() => decimalOf('abc', 'UsageQuantity')).toThrow(
      "Azure Cost Management returned a bad number for UsageQuantity: 'abc'",
    );
  });
});
