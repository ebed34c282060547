import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import { BusinessMetricsResponse } from '@finops-backstage/plugin-finops-common';
import { FinopsApi, finopsApiRef } from '../../api';
import { UnitEconomicsCard } from './UnitEconomicsCard';

function renderWith(listBusinessMetrics: FinopsApi['listBusinessMetrics']) {
  return renderInTestApp(<UnitEconomicsCard />, {
    apis: [
      [
        finopsApiRef,
        { listBusinessMetrics } as Partial<FinopsApi> as FinopsApi,
      ],
    ],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
}

describe('UnitEconomicsCard', () => {
  it('lists the entities with a metric, linked to their page, and a refused source', async () => {
    const answer: BusinessMetricsResponse = {
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
      sources: [
        {
          source: 'prometheus',
          status: 'refused',
          attemptedAt: '2026-12-01T06:00:00Z',
          values: 0,
          message: "Business metrics of source 'prometheus' refused: timeout",
        },
      ],
    };
    await renderWith(async () => answer);
    const link = await screen.findByRole('link', { name: /checkout-service/ });
    expect(link).toHaveAttribute(
      'href',
      '/catalog/default/component/checkout-service',
    );
    expect(screen.getByText('orders')).toBeInTheDocument();
    expect(screen.getByText('2024-01 to 2028-12')).toBeInTheDocument();
    expect(
      screen.getByText(/Metric source prometheus refused/),
    ).toBeInTheDocument();
  });

  it('shows nothing when no entity has a metric', async () => {
    const listBusinessMetrics = jest.fn(async () => ({
      items: [],
      sources: [],
    }));
    await renderWith(listBusinessMetrics);
    expect(listBusinessMetrics).toHaveBeenCalled();
    expect(screen.queryByText('Unit economics')).not.toBeInTheDocument();
  });
});
