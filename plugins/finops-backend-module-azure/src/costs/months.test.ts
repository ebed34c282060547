import { isEstimated, monthBounds, previousMonth } from './months';

describe('months', () => {
  it('bounds a month from its first to its last second', () => {
    expect(monthBounds('2024-02')).toEqual({
      from: new Date('2024-02-01T00:00:00Z'),
      to: new Date('2024-02-29T23:59:59Z'),
    });
    expect(() => monthBounds('2024-2')).toThrow(
      "Not a month (YYYY-MM): '2024-2'",
    );
  });

  it('steps back over a year', () => {
    expect(previousMonth('2026-01')).toBe('2025-12');
  });

  it('keeps the current month and the previous one until the final day estimated', () => {
    const now = new Date('2026-03-05T12:00:00Z');
    expect(isEstimated('2026-03', now, 5)).toBe(true);
    expect(isEstimated('2026-04', now, 5)).toBe(true);
    expect(isEstimated('2026-02', now, 5)).toBe(true);
    expect(isEstimated('2026-02', now, 4)).toBe(false);
    expect(isEstimated('2026-01', now, 5)).toBe(false);
  });
});
