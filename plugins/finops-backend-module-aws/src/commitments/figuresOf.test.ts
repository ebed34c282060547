import { attributesOf, figuresOf } from './figuresOf';

describe('figuresOf', () => {
  it('keeps the numeric figures, written without exponent', () => {
    expect(
      figuresOf({
        percent: '87.5',
        tiny: '1E-7',
        negative: '-12.30',
        missing: undefined,
        text: 'n/a',
        empty: '',
      }),
    ).toEqual({ percent: '87.5', tiny: '0.0000001', negative: '-12.3' });
  });
});

describe('attributesOf', () => {
  it('keeps the attributes that are set, as strings', () => {
    expect(
      attributesOf({ id: 'r-1', count: 3, empty: '', missing: undefined }),
    ).toEqual({ id: 'r-1', count: '3' });
  });
});
