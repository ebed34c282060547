import Decimal from 'decimal.js';
import { ComparedProductMonth, MOVERS_LISTED, moversOf } from './movers';

function productMonth(
  productKey: string,
  q0: string,
  q1: string,
  p0: string | null,
  p1: string | null,
): ComparedProductMonth {
  return {
    productKey,
    name: productKey.toUpperCase(),
    unit: 'Hrs',
    q0: new Decimal(q0),
    q1: new Decimal(q1),
    p0,
    p1,
  };
}

const cents = (amount: string) => Math.round(Number(amount) * 100);

describe('moversOf', () => {
  it('lists the largest increases and decreases; the rest and the unattributed add up to the difference', () => {
    // Twelve products grow by 1..12 hours at 1.00; one gets dearer for two months; one is gone.
    const rows = [
      ...Array.from({ length: 12 }, (_, i) =>
        productMonth(
          `p${String(i + 1).padStart(2, '0')}`,
          '10',
          String(11 + i),
          '1',
          '1',
        ),
      ),
      productMonth('dearer', '5', '5', '0.10', '0.30'),
      productMonth('dearer', '5', '5', '0.10', '0.30'),
      productMonth('gone', '3', '0', '0.335', null),
      productMonth('cheaper', '10', '10', '0.50', '0.25'),
    ];
    // Σ(1..12) = 78, dearer +2.00, gone −1.01, cheaper −2.50: 76.49; the totals hold 100.01 more.
    const movers = moversOf(rows, new Decimal('176.50'));
    expect(movers.increases).toHaveLength(MOVERS_LISTED);
    expect(movers.increases[0]).toEqual({
      productKey: 'p12',
      name: 'P12',
      unit: 'Hrs',
      baselineQuantity: '10',
      quantity: '22',
      difference: '12.00',
      volumeEffect: '12.00',
      priceEffect: '0.00',
      addedCost: '0.00',
      removedCost: '0.00',
    });
    expect(movers.increases.map(m => m.productKey).slice(-2)).toEqual([
      'p04',
      'p03',
    ]);
    expect(movers.decreases).toEqual([
      expect.objectContaining({
        productKey: 'cheaper',
        difference: '-2.50',
        priceEffect: '-2.50',
      }),
      expect.objectContaining({
        productKey: 'gone',
        difference: '-1.01',
        removedCost: '1.01',
        baselineQuantity: '3',
        quantity: '0',
      }),
    ]);
    // p01, p02 and dearer (+2.00, its two months added) are not listed.
    expect(movers.others).toEqual({ count: 3, difference: '5.00' });
    expect(movers.unattributed).toBe('100.01');
    const listed = [...movers.increases, ...movers.decreases];
    expect(
      listed.reduce((sum, m) => sum + cents(m.difference), 0) +
        cents(movers.others.difference) +
        cents(movers.unattributed),
    ).toBe(17650);
  });

  it('lists nothing when nothing moved', () => {
    expect(
      moversOf([productMonth('a', '1', '1', '1', '1')], new Decimal(0)),
    ).toEqual({
      increases: [],
      decreases: [],
      others: { count: 1, difference: '0.00' },
      unattributed: '0.00',
    });
  });
});
