import { Figures } from './Figures';
import { splitByTagValue } from './splitByTagValue';
import { Exact } from './splitExactly';

function figures(quantity: string, billed: string, amortized: string): Figures {
  return {
    quantity: new Exact(quantity),
    billed: new Exact(billed),
    amortized: new Exact(amortized),
  };
}

function texts(split: Map<string, Figures>) {
  return Object.fromEntries(
    [...split].map(([value, part]) => [
      value,
      [part.quantity, part.billed, part.amortized].map(d => d.toFixed()),
    ]),
  );
}

describe('splitByTagValue', () => {
  it('leaves everything untagged without shares', () => {
    expect(texts(splitByTagValue(figures('3', '1', '1'), undefined))).toEqual({
      '': ['3', '1', '1'],
    });
  });

  it('splits each figure by its own weights, the last part taking the remainder', () => {
    const shares = new Map([
      ['a', figures('1', '1', '2')],
      ['b', figures('2', '2', '1')],
    ]);
    expect(texts(splitByTagValue(figures('3', '1', '3'), shares))).toEqual({
      a: ['1', '0.333333333333333', '2'],
      b: ['2', '0.666666666666667', '1'],
    });
  });

  it('falls back to the first figure whose weights do not add up to zero', () => {
    const shares = new Map([
      ['a', figures('1', '0', '0')],
      ['b', figures('3', '0', '0')],
    ]);
    expect(texts(splitByTagValue(figures('4', '8', '8'), shares))).toEqual({
      a: ['1', '2', '2'],
      b: ['3', '6', '6'],
    });
  });

  it('keeps a figure untagged when no weights add up to more than zero', () => {
    const shares = new Map([['a', figures('0', '0', '0')]]);
    expect(texts(splitByTagValue(figures('1', '2', '3'), shares))).toEqual({
      a: ['0', '0', '0'],
      '': ['1', '2', '3'],
    });
  });
});
