import {
  daysOfMonth,
  lastDayOf,
  monthIndex,
  monthOfDate,
  monthsBetween,
  shiftMonth,
} from './months';

describe('months', () => {
  it('shifts months across years both ways', () => {
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2026-03', -27)).toBe('2023-12');
    expect(monthIndex('2026-03') - monthIndex('2025-03')).toBe(12);
  });

  it('gives the days and the last day of a month, leap years included', () => {
    expect(daysOfMonth('2028-02')).toHaveLength(29);
    expect(daysOfMonth('2026-02').at(-1)).toBe('2026-02-28');
    expect(daysOfMonth('2026-04')[0]).toBe('2026-04-01');
    expect(lastDayOf('2026-12')).toBe('2026-12-31');
  });

  it('reads the month of a date in UTC', () => {
    expect(monthOfDate(new Date('2026-12-31T23:30:00-02:00'))).toBe('2027-01');
  });

  it('lists the months from the first to the last, across a year end; none when reversed', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
    expect(monthsBetween('2026-03', '2026-03')).toEqual(['2026-03']);
    expect(monthsBetween('2026-03', '2026-02')).toEqual([]);
  });
});
