import { chargeCategoryOf } from './chargeCategoryOf';
import { Exact } from './splitExactly';

const figures = (quantity: number, billed: number) => ({
  quantity: new Exact(quantity),
  billed: new Exact(billed),
  amortized: new Exact(billed),
});

describe('chargeCategoryOf', () => {
  it('tells tax and purchases by their family', () => {
    expect(chargeCategoryOf('tax', figures(0, 5))).toBe('Tax');
    expect(chargeCategoryOf('commitment', figures(1, 5))).toBe('Purchase');
  });

  it('tells credits and usage by their figures', () => {
    expect(chargeCategoryOf('compute', figures(0, -5))).toBe('Credit');
    expect(chargeCategoryOf('compute', figures(2, 5))).toBe('Usage');
  });

  it('leaves netted figures without a category', () => {
    expect(chargeCategoryOf('compute', figures(0, 5))).toBeUndefined();
    expect(chargeCategoryOf('compute', figures(-1, -5))).toBeUndefined();
  });
});
