import { mapOf, timestampOf, unscaledOf } from './parquetValues';

describe('unscaledOf', () => {
  it('scales a decimal text exactly', () => {
    expect(unscaledOf('1.5', 4)).toBe(15000n);
    expect(unscaledOf('-0.25', 2)).toBe(-25n);
    expect(unscaledOf('1.5E-3', 4)).toBe(15n);
    expect(unscaledOf('12.3400', 2)).toBe(1234n);
  });

  it('refuses what the scale or 38 digits cannot hold', () => {
    expect(() => unscaledOf('0.123', 2)).toThrow(
      '"0.123" has more than 2 decimals',
    );
    expect(() => unscaledOf('1'.repeat(30), 10)).toThrow(
      'has more than 38 digits at scale 10',
    );
    expect(() => unscaledOf('abc', 2)).toThrow('"abc" is no decimal number');
  });
});

describe('timestampOf', () => {
  it('counts units since 1970', () => {
    expect(timestampOf('1970-01-01T00:00:01Z', 3)).toBe(1000n);
    expect(timestampOf('2024-09-01T00:00:00.5Z', 6)).toBe(1725148800500000n);
  });

  it('refuses invalid dates and too precise fractions', () => {
    expect(() => timestampOf('2024-09-01T30:00:00Z', 6)).toThrow(
      'is no valid date and time',
    );
    expect(() => timestampOf('2024-09-01T00:00:00.0001Z', 3)).toThrow(
      'is more precise than 3 decimals of a second',
    );
    expect(() => timestampOf('2024-09-01', 3)).toThrow('is not written');
  });
});

describe('mapOf', () => {
  it('takes a JSON object of strings', () => {
    expect(mapOf('{"team":"search","env":null}')).toEqual({
      team: 'search',
      env: null,
    });
    expect(() => mapOf('[1]')).toThrow('is no JSON object');
    expect(() => mapOf('{"n":1}')).toThrow('has a value that is no string');
  });
});
