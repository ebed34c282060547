import { renderInTestApp } from '@backstage/frontend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import { CostResponse } from '@finops-backstage/plugin-finops-common';
import { DateTime } from 'luxon';
import {
  BudgetWithStatus,
  CostsQuery,
  FinopsApi,
  finopsApiRef,
} from '../../api';
import { EntityCostCard } from './EntityCostCard';

const component: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'cart-service', namespace: 'default' },
  spec: { type: 'service', owner: 'checkout-team', lifecycle: 'production' },
};

const MONTH = DateTime.utc().toFormat('yyyy-MM');
const PREVIOUS = DateTime.utc().minus({ months: 1 }).toFormat('yyyy-MM');

/** Three days of the month in two domains, compared with the same three days of last month. */
function monthToDate(query: CostsQuery): CostResponse {
  const row = (day: string, key: string, cost: string) => ({
    key,
    label: key,
    mode: key === 'SHARED' ? ('INDIRECT' as const) : ('DIRECT' as const),
    period: `${MONTH}-${day}`,
    cost,
  });
  return {
    entityRef: query.entityRef,
    view: { key: 'actual', name: 'Actual', kind: 'actual' },
    currency: 'USD',
    exchangeRates: [],
    from: query.from,
    to: query.to,
    granularity: 'day',
    groupBy: 'domain',
    total: '300.00',
    direct: '270.00',
    indirect: '30.00',
    rows: [
      row('01', 'AWS', '80.00'),
      row('01', 'SHARED', '10.00'),
      row('02', 'AWS', '90.00'),
      row('02', 'SHARED', '10.00'),
      row('03', 'AWS', '100.00'),
      row('03', 'SHARED', '10.00'),
    ],
    unpriced: [],
    indirectShares: [],
    comparison: {
      current: {
        view: 'actual',
        from: MONTH,
        to: MONTH,
        through: `${MONTH}-03`,
      },
      baseline: {
        view: 'actual',
        from: PREVIOUS,
        to: PREVIOUS,
        through: `${PREVIOUS}-03`,
      },
      baselineTotal: '250.00',
      total: '300.00',
      difference: '50.00',
      volumeEffect: '50.00',
      priceEffect: '0.00',
      addedCost: '0.00',
      removedCost: '0.00',
      oneSided: {
        items: [],
        omitted: { count: 0, addedCost: '0.00', removedCost: '0.00' },
      },
      movers: {
        increases: [],
        decreases: [],
        others: { count: 0, difference: '0.00' },
        unattributed: '50.00',
      },
    },
  };
}

function nothingYet(query: CostsQuery, baselineTotal: string): CostResponse {
  const costs = monthToDate(query);
  return {
    ...costs,
    total: '0.00',
    direct: '0.00',
    indirect: '0.00',
    rows: [],
    comparison: {
      ...costs.comparison!,
      current: {
        view: 'actual',
        from: MONTH,
        to: MONTH,
        through: `${MONTH}-01`,
      },
      baseline: {
        view: 'actual',
        from: PREVIOUS,
        to: PREVIOUS,
        through: `${PREVIOUS}-01`,
      },
      total: '0.00',
      baselineTotal,
      difference: baselineTotal === '0.00' ? '0.00' : `-${baselineTotal}`,
      volumeEffect: '0.00',
      removedCost: baselineTotal,
    },
  };
}

const budget: BudgetWithStatus = {
  id: '12',
  name: 'Cart monthly',
  scopeType: 'entity',
  scopeRef: 'component:default/cart-service',
  period: 'month',
  amount: '1000.00',
  currency: 'USD',
  view: 'actual',
  thresholds: ['50', '80', '100'],
  alertOnForecast: true,
  createdBy: 'user:default/ada',
  createdAt: '2026-03-01T00:00:00Z',
  updatedAt: '2026-03-01T00:00:00Z',
  status: {
    budgetId: '12',
    periodStart: `${MONTH}-01`,
    periodEnd: `${MONTH}-31`,
    asOf: `${MONTH}-03`,
    daysElapsed: 3,
    daysInPeriod: 31,
    amount: '1000.00',
    actual: '300.00',
    forecast: '3100.00',
    forecastLow: '2800.00',
    forecastHigh: '3400.00',
    burnRatePerDay: '100.00',
    daysLeft: 7,
    variance: '2100.00',
    percentUsed: '30.00',
    risk: '310.00',
    thresholds: [],
    series: [],
  },
};

function renderWith(
  getCosts: FinopsApi['getCosts'],
  listBudgets: FinopsApi['listBudgets'] = async () => [],
) {
  const api: Partial<FinopsApi> = { getCosts, listBudgets };
  return renderInTestApp(
    <EntityProvider entity={component}>
      <EntityCostCard />
    </EntityProvider>,
    {
      apis: [[finopsApiRef, api as FinopsApi]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

describe('EntityCostCard', () => {
  it('shows the month to date, the like-for-like change, the daily line and the riskiest budget', async () => {
    const queries: CostsQuery[] = [];
    const budgetQueries: unknown[] = [];
    renderWith(
      async query => {
        queries.push(query);
        return monthToDate(query);
      },
      async query => {
        budgetQueries.push(query);
        return [
          {
            ...budget,
            id: '13',
            name: 'Cart yearly',
            status: { ...budget.status, risk: '20.00' },
          },
          budget,
        ];
      },
    );
    expect(screen.getByTestId('progress')).toBeInTheDocument();

    expect(await screen.findByTestId('finops-card-total')).toHaveTextContent(
      '$300.00',
    );
    expect(
      screen.getByText(/^Month to date \(\w{3} 1–3\), view Actual$/),
    ).toBeInTheDocument();
    expect(screen.getByTestId('finops-card-change')).toHaveTextContent(
      /^\+\$50\.00 \(\+20\.0%\) month to date vs previous month to date \(\w{3} 1–3\): \$250\.00$/,
    );
    expect(
      screen.getByRole('img', {
        name: `Direct cost by day of ${MONTH}, to day 3`,
      }),
    ).toBeInTheDocument();
    const budgetLine = await screen.findByTestId('finops-card-budget');
    expect(budgetLine).toHaveTextContent(
      'Cart monthly: 30 % of $1,000.00 used (monthly), forecast $3,100.00Forecast over budgetand 1 more budget',
    );
    expect(screen.getByRole('link', { name: 'Cart monthly' })).toHaveAttribute(
      'href',
      '/catalog/default/component/cart-service/costs/budget',
    );
    expect(screen.getByRole('link', { name: /View costs/ })).toHaveAttribute(
      'href',
      '/catalog/default/component/cart-service/costs',
    );
    expect(queries).toEqual([
      {
        entityRef: 'component:default/cart-service',
        from: MONTH,
        to: MONTH,
        granularity: 'day',
        groupBy: 'domain',
        compareTo: 'previous',
      },
    ]);
    expect(budgetQueries).toEqual([
      { entityRef: 'component:default/cart-service' },
    ]);
  });

  it('on the first day of a month shows nothing yet against the first day of the previous one', async () => {
    renderWith(async query => nothingYet(query, '95.50'));
    expect(await screen.findByTestId('finops-card-total')).toHaveTextContent(
      '$0.00',
    );
    expect(screen.getByTestId('finops-card-change')).toHaveTextContent(
      /^-\$95\.50 \(-100\.0%\) month to date vs previous month to date \(\w{3} 1–1\): \$95\.50$/,
    );
    expect(
      screen.getByText('No direct usage loaded yet this month.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('img')).not.toBeInTheDocument();
  });

  it('draws no line through a single day', async () => {
    renderWith(async query => {
      const costs = nothingYet(query, '95.50');
      return {
        ...costs,
        total: '1040.00',
        direct: '40.00',
        indirect: '1000.00',
        rows: [
          {
            key: 'AWS',
            label: 'Amazon Web Services',
            mode: 'DIRECT',
            period: `${MONTH}-01`,
            cost: '40.00',
          },
          {
            key: 'SHARED',
            label: 'Shared tooling',
            mode: 'INDIRECT',
            period: `${MONTH}-01`,
            cost: '1000.00',
          },
        ],
        comparison: { ...costs.comparison!, total: '1040.00' },
      };
    });
    expect(await screen.findByTestId('finops-card-total')).toHaveTextContent(
      '$1,040.00',
    );
    expect(
      screen.getByText(
        'The daily line starts with the second day of the month.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('img')).not.toBeInTheDocument();
  });

  it('says so when the entity has no cost this month nor last, and points to the Cost tab', async () => {
    renderWith(async query => nothingYet(query, '0.00'));
    expect(await screen.findByTestId('finops-card-empty')).toHaveTextContent(
      'No cost data this month or last month. The Cost tab says how billing rows are mapped to cart-service.',
    );
    expect(screen.getByRole('link', { name: 'Cost tab' })).toHaveAttribute(
      'href',
      '/catalog/default/component/cart-service/costs',
    );
    expect(screen.queryByTestId('finops-card-total')).not.toBeInTheDocument();
    expect(await screen.findByTestId('finops-card-budget')).toHaveTextContent(
      'No budget. Set one',
    );
    expect(screen.getByRole('link', { name: 'Set one' })).toHaveAttribute(
      'href',
      '/catalog/default/component/cart-service/costs/budget',
    );
  });

  it('shows an error the user can read when the costs cannot be loaded', async () => {
    renderWith(() => Promise.reject(new Error('mart unreachable')));
    expect(await screen.findByTestId('finops-card-error')).toHaveTextContent(
      'Could not load the costs: mart unreachable',
    );
  });

  it('still shows the costs when the budgets cannot be loaded', async () => {
    renderWith(
      async query => monthToDate(query),
      () => Promise.reject(new Error('not allowed')),
    );
    expect(await screen.findByTestId('finops-card-total')).toHaveTextContent(
      '$300.00',
    );
    expect(await screen.findByTestId('finops-card-budget')).toHaveTextContent(
      'The budgets could not be loaded: not allowed',
    );
  });
});
