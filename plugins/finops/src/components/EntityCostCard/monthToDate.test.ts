import { CostResponse, CostRow } from '@finops-backstage/plugin-finops-common';
import { DateTime } from 'luxon';
import { dailyDirectCents, monthToDateQuery } from './monthToDate';

function answer(
  rows: Array<Pick<CostRow, 'period' | 'cost'> & Partial<CostRow>>,
): CostResponse {
  return {
    entityRef: 'component:default/cart-service',
    view: { key: 'actual', name: 'Actual', kind: 'actual' },
    currency: 'USD',
    exchangeRates: [],
    from: '2026-12',
    to: '2026-12',
    granularity: 'day',
    groupBy: 'domain',
    total: '0.00',
    direct: '0.00',
    indirect: '0.00',
    rows: rows.map(row => ({
      key: 'AWS',
      label: 'AWS',
      mode: 'DIRECT',
      ...row,
    })),
    unpriced: [],
    indirectShares: [],
  };
}

describe('monthToDateQuery', () => {
  it('asks for the current month by day, compared with the previous month like for like', () => {
    expect(
      monthToDateQuery(
        'group:default/commerce',
        DateTime.fromISO('2026-12-15T23:30:00Z', { zone: 'utc' }),
      ),
    ).toEqual({
      entityRef: 'group:default/commerce',
      from: '2026-12',
      to: '2026-12',
      granularity: 'day',
      groupBy: 'domain',
      compareTo: 'previous',
    });
  });
});

describe('dailyDirectCents', () => {
  it('adds up the direct domains of each day in exact cents, a day without rows costing 0', () => {
    const costs = answer([
      { period: '2026-12-01', cost: '0.10' },
      { period: '2026-12-01', cost: '0.20' },
      { period: '2026-12-03', cost: '1234.5' },
      { period: '2026-12-03', cost: '-0.05' },
      {
        period: '2026-12-01',
        cost: '1000.00',
        key: 'SHARED',
        mode: 'INDIRECT',
      },
    ]);
    expect(dailyDirectCents(costs, '2026-12-04')).toEqual([30, 0, 123445, 0]);
  });

  it('ends on the last day with a row when the comparison gives no day', () => {
    const costs = answer([{ period: '2026-12-02', cost: '7.00' }]);
    expect(dailyDirectCents(costs)).toEqual([0, 700]);
  });

  it('is empty when the month has no day yet', () => {
    expect(dailyDirectCents(answer([]))).toEqual([]);
  });
});
