import { createFinopsClock, utcDay } from './clock';

describe('createFinopsClock', () => {
  it('is the system clock without FINOPS_NOW', () => {
    const clock = createFinopsClock({}, () => Date.UTC(2026, 11, 15, 12));
    expect(clock().toISOString()).toBe('2026-12-15T12:00:00.000Z');
  });

  it('starts at FINOPS_NOW and runs on from there', () => {
    let system = Date.UTC(2027, 4, 20, 10);
    const clock = createFinopsClock(
      { FINOPS_NOW: '2026-12-01T06:00:00Z' },
      () => system,
    );
    expect(utcDay(clock())).toBe('2026-12-01');
    system += 90 * 60_000;
    expect(clock().toISOString()).toBe('2026-12-01T07:30:00.000Z');
  });

  it('refuses FINOPS_NOW in production and a value that is no instant', () => {
    expect(() =>
      createFinopsClock({
        FINOPS_NOW: '2026-12-01T06:00:00Z',
        NODE_ENV: 'production',
      }),
    ).toThrow(/demo and tests only/);
    expect(() => createFinopsClock({ FINOPS_NOW: 'the first' })).toThrow(
      /must be an ISO instant/,
    );
  });
});
