import { parseUnit, sameUnit } from './pricingUnit';

describe('parseUnit', () => {
  it.each([
    ['Hours', '1', 'Hours'],
    ['GB-Hours', '1', 'GB-Hours'],
    ['1000 Requests', '1000', 'Requests'],
    ['1,000,000 Requests', '1000000', 'Requests'],
    ['10K Transactions', '10000', 'Transactions'],
    ['1M Requests', '1000000', 'Requests'],
    ['1B Events', '1000000000', 'Events'],
    ['100 Hours', '100', 'Hours'],
    ['10 KB', '10', 'KB'],
    ['1 Hour', '1', 'Hour'],
    ['0 Hours', '1', '0 Hours'],
    ['  100   GB-Months ', '100', 'GB-Months'],
  ])('reads %s as %s × %s', (text, block, unit) => {
    const parsed = parseUnit(text);
    expect([parsed.block.toFixed(), parsed.unit]).toEqual([block, unit]);
  });

  it('compares distinct units regardless of case and plural', () => {
    expect(sameUnit('Requests', 'request')).toBe(true);
    expect(sameUnit('Hours', 'GB-Hours')).toBe(false);
  });
});
