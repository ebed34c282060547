import { intervalText } from './budgetFormat';

describe('intervalText', () => {
  it('gives both ends of a narrow interval in full, so that they differ', () => {
    // Compact, these would both read "$2.3K".
    expect(intervalText(2312.4, 2347.9, 'USD')).toBe('$2,312.40 – $2,347.90');
    expect(intervalText('2300.001', '2300.02', 'USD')).toBe(
      '$2,300.00 – $2,300.02',
    );
  });
});
