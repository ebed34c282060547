import { parseAmount } from './parseAmount';

describe('parseAmount', () => {
  it.each([
    ['5000', '5000'],
    ['5,000', '5000'],
    ['5 000', '5000'],
    ['5\u00a0000', '5000'],
    ['5\u202f000,', undefined],
    ['5000.50', '5000.50'],
    ['$5,000', '5000'],
    ['$ 5,000.25', '5000.25'],
    ['USD 1,234,567.5', '1234567.5'],
    ['1,234,567 USD', '1234567'],
    [' 12 ', '12'],
    ['0.000123', '0.000123'],
  ])('reads %j as %j', (text, value) => {
    expect(parseAmount(text, { currency: 'USD' }).value).toBe(value);
  });

  it.each([
    ['', 'Enter an amount'],
    ['abc', 'Enter a number such as 5000, 5,000 or 5000.50'],
    ['5,00', 'Enter a number such as 5000, 5,000 or 5000.50'],
    ['5,000 000', 'Enter a number such as 5000, 5,000 or 5000.50'],
    ['5.000,50', 'Enter a number such as 5000, 5,000 or 5000.50'],
    ['-5', 'Enter a positive amount'],
    ['€5', 'Enter a number such as 5000, 5,000 or 5000.50'],
  ])('refuses %j: %s', (text, error) => {
    expect(parseAmount(text, { currency: 'USD' })).toEqual({ error });
  });

  it('takes the sign of the currency given, and limits decimals when asked', () => {
    expect(parseAmount('€5.000', { currency: 'EUR' })).toEqual({
      value: '5.000',
    });
    expect(parseAmount('5000.505', { maxDecimals: 2 })).toEqual({
      error: 'At most 2 decimals',
    });
  });
});
