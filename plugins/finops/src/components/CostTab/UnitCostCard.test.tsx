import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import {
  BusinessMetricsResponse,
  UnitCostsResponse,
} from '@finops-backstage/plugin-finops-common';
import { FinopsApi, UnitCostsQuery, finopsApiRef } from '../../api';
import { UnitCostCard } from './UnitCostCard';

const metrics: BusinessMetricsResponse = {
  items: [
    {
      entityRef: 'component:default/checkout-service',
      metric: 'orders',
      unit: 'order',
      source: 'file:metrics.csv',
      firstPeriod: '2024-01',
      lastPeriod: '2028-12',
      daily: false,
    },
  ],
  sources: [],
};

function answerOf(query: UnitCostsQuery): UnitCostsResponse {
  return {
    entityRef: query.entityRef,
    metric: { key: 'orders', unit: 'order' },
    view: { key: 'actual', name: 'Actual', kind: 'actual' },
    currency: 'USD',
    from: query.from,
    to: query.to,
    periods: [
      {
        period: query.from,
        cost: '1000.00',
        value: '3',
        costPerUnit: '333.333333',
      },
      {
        period: query.to,
        cost: '1210.00',
        value: '4',
        costPerUnit: '302.500000',
      },
    ],
    total: { cost: '2210.00', value: '7', costPerUnit: '315.714286' },
    change: {
      from: query.from,
      to: query.to,
      cost: { first: '1000.00', last: '1210.00', difference: '210.00' },
      value: { first: '3', last: '4', difference: '1' },
      costPerUnit: {
        first: '333.333333',
        last: '302.500000',
        difference: '-30.833333',
      },
      volume: '333.33',
      efficiency: '-123.33',
    },
  };
}

// jsdom has no ResizeObserver, which recharts' ResponsiveContainer needs.
class NoResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}

function renderWith(api: Partial<FinopsApi>) {
  return renderInTestApp(
    <UnitCostCard
      entityRef="component:default/checkout-service"
      range={{ from: '2025-01', to: '2025-06' }}
      view="actual"
    />,
    { apis: [[finopsApiRef, api as FinopsApi]] },
  );
}

describe('UnitCostCard', () => {
  beforeAll(() => {
    Object.assign(globalThis, { ResizeObserver: NoResizeObserver });
  });

  it('shows the latest cost per unit and the change split into volume and efficiency', async () => {
    const queries: UnitCostsQuery[] = [];
    await renderWith({
      listBusinessMetrics: async () => metrics,
      getUnitCosts: async query => {
        queries.push(query);
        return answerOf(query);
      },
    });
    expect(
      await screen.findByTestId('finops-unit-cost-latest'),
    ).toHaveTextContent('$302.50');
    expect(queries).toEqual([
      {
        entityRef: 'component:default/checkout-service',
        metric: 'orders',
        view: 'actual',
        from: '2025-01',
        to: '2025-06',
      },
    ]);
    expect(screen.getByTestId('finops-unit-cost-difference')).toHaveTextContent(
      '+$210.00',
    );
    expect(screen.getByTestId('finops-unit-cost-volume')).toHaveTextContent(
      '+$333.33',
    );
    expect(screen.getByTestId('finops-unit-cost-efficiency')).toHaveTextContent(
      '-$123.33',
    );
    expect(screen.getByText(/Each order cost less/)).toBeInTheDocument();
    expect(screen.getByText(/\$333\.333333 →/)).toBeInTheDocument();
  });

  it('is not shown for an entity without a metric', async () => {
    const getUnitCosts = jest.fn();
    await renderWith({
      listBusinessMetrics: async () => ({ items: [], sources: [] }),
      getUnitCosts,
    });
    expect(screen.queryByText('Cost per unit')).not.toBeInTheDocument();
    expect(getUnitCosts).not.toHaveBeenCalled();
  });

  it('says so when the period has no value', async () => {
    await renderWith({
      listBusinessMetrics: async () => metrics,
      getUnitCosts: async query => ({
        ...answerOf(query),
        periods: [{ period: query.from, cost: '5.00' }],
        change: undefined,
        changeUnavailable: 'The range has one month: nothing to compare.',
      }),
    });
    expect(
      await screen.findByTestId('finops-unit-cost-empty'),
    ).toHaveTextContent('No orders values from 2025-01 to 2025-06.');
  });

  it('shows the error of the API', async () => {
    await renderWith({
      listBusinessMetrics: async () => metrics,
      getUnitCosts: async () => {
        throw new Error('the mart is down');
      },
    });
    expect(
      await screen.findByText(/Could not load the cost per unit/),
    ).toBeInTheDocument();
  });
});
