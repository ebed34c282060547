import Decimal from 'decimal.js';
import { unitCostFigures } from './unitCostFigures';
import { seededRandom } from '../sources/demo/seededRandom';

describe('unitCostFigures', () => {
  it('divides exactly, rounds a cost per unit half away from zero, and splits the change into volume and efficiency', () => {
    const figures = unitCostFigures({
      months: ['2026-01', '2026-02', '2026-03'],
      costs: new Map([
        ['2026-01', '1000.00'],
        ['2026-03', '1210.00'],
      ]),
      values: new Map([
        ['2026-01', '3'],
        ['2026-02', '0'],
        ['2026-03', '4'],
      ]),
      total: '2210.00',
    });
    expect(figures.periods).toEqual([
      // 1000 / 3 = 333.3333333…
      {
        period: '2026-01',
        cost: '1000.00',
        value: '3',
        costPerUnit: '333.333333',
      },
      { period: '2026-02', cost: '0.00', value: '0' },
      {
        period: '2026-03',
        cost: '1210.00',
        value: '4',
        costPerUnit: '302.500000',
      },
    ]);
    expect(figures.total).toEqual({
      cost: '2210.00',
      value: '7',
      costPerUnit: '315.714286',
    });
    // We did more: +1 unit × 333.33… = 333.33; each unit cost less: 4 × (302.5 − 333.33…) = −123.33.
    expect(figures.change).toEqual({
      from: '2026-01',
      to: '2026-03',
      cost: { first: '1000.00', last: '1210.00', difference: '210.00' },
      value: { first: '3', last: '4', difference: '1' },
      costPerUnit: {
        first: '333.333333',
        last: '302.500000',
        difference: '-30.833333',
      },
      volume: '333.33',
      efficiency: '-123.33',
    });
  });

  it('says why the change cannot be split', () => {
    const base = {
      costs: new Map([['2026-01', '5.00']]),
      total: '5.00',
    };
    expect(
      unitCostFigures({
        ...base,
        months: ['2026-01'],
        values: new Map([['2026-01', '2']]),
      }).changeUnavailable,
    ).toBe('The range has one month: nothing to compare.');
    const missing = unitCostFigures({
      ...base,
      months: ['2026-01', '2026-02'],
      values: new Map([['2026-01', '2']]),
    });
    expect(missing.change).toBeUndefined();
    expect(missing.total).toEqual({ cost: '5.00' });
    expect(missing.changeUnavailable).toBe(
      'The last month, 2026-02, has no value: the change cannot be split per unit.',
    );
    expect(
      unitCostFigures({
        ...base,
        months: ['2026-01', '2026-02'],
        values: new Map([
          ['2026-01', '0'],
          ['2026-02', '2'],
        ]),
      }).changeUnavailable,
    ).toBe(
      'The first month, 2026-01, has a value of 0: the change cannot be split per unit.',
    );
  });

  it('volume and efficiency add up to the cost difference to the cent, whatever the figures', () => {
    const random = seededRandom('unit-costs');
    const draw = (max: number, places: number) =>
      new Decimal(random())
        .dividedBy(2 ** 32)
        .times(max)
        .toDecimalPlaces(places)
        .toFixed(places);
    for (let i = 0; i < 2000; i += 1) {
      const c0 = draw(100_000, 2);
      const c1 = draw(100_000, 2);
      const figures = unitCostFigures({
        months: ['2026-01', '2026-02'],
        costs: new Map([
          ['2026-01', c0],
          ['2026-02', c1],
        ]),
        values: new Map([
          ['2026-01', new Decimal(draw(1_000_000, 3)).plus('0.001').toFixed()],
          ['2026-02', new Decimal(draw(1_000_000, 0)).plus(1).toFixed()],
        ]),
        total: new Decimal(c0).plus(c1).toFixed(2),
      });
      const change = figures.change!;
      expect(
        new Decimal(change.volume).plus(change.efficiency).toFixed(2),
      ).toBe(new Decimal(c1).minus(c0).toFixed(2));
      expect(change.cost.difference).toBe(new Decimal(c1).minus(c0).toFixed(2));
      expect(change.volume).toMatch(/^-?\d+\.\d{2}$/);
    }
  });
});
