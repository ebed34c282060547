import { renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  catalogApiRef,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  CostResponse,
  CostRow,
  PricingView,
} from '@finops-backstage/plugin-finops-common';
import { CostsQuery, FinopsApi, finopsApiRef } from '../../api';
import { CostTab } from './CostTab';

const component: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'cart-service', namespace: 'default' },
  spec: { type: 'service', owner: 'checkout-team', lifecycle: 'production' },
};

const group: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'commerce', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

/** The catalog of the group's breakdown by team: who owns each component. */
const catalogEntities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'checkout-api', namespace: 'default' },
    spec: { type: 'service', owner: 'team-payments', lifecycle: 'production' },
  },
];

const views: PricingView[] = [
  {
    key: 'actual',
    name: 'Actual',
    description: 'What the invoices say',
    kind: 'actual',
    currency: 'USD',
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
  },
  {
    key: 'list-2027',
    name: 'List 2027',
    description: 'Public list prices of 2027',
    kind: 'list',
    currency: 'USD',
    parent: 'actual',
    createdAt: '2026-02-01T00:00:00Z',
    updatedAt: '2026-02-01T00:00:00Z',
  },
];

function rowsOf(query: CostsQuery): CostRow[] {
  const month = query.to;
  switch (query.groupBy) {
    case 'product':
      return [
        {
          key: 'AmazonEC2:BoxUsage:m5.large',
          label: 'EC2 m5.large',
          mode: 'DIRECT',
          period: month,
          cost: '62000.00',
          quantity: '645833.3333',
          unit: 'Hrs',
        },
        {
          key: 'AmazonS3:TimedStorage-ByteHrs',
          label: 'S3 Standard storage',
          mode: 'DIRECT',
          period: month,
          cost: '7045.30',
          quantity: '306317.3913',
          unit: 'GB-Mo',
        },
      ];
    case 'component':
      return [
        {
          key: 'component:default/cart-service',
          label: 'cart-service',
          mode: 'DIRECT',
          period: month,
          cost: '51234.56',
        },
        {
          key: 'component:default/checkout-api',
          label: 'checkout-api',
          mode: 'DIRECT',
          period: month,
          cost: '19310.74',
        },
      ];
    default:
      return [
        {
          key: 'AWS',
          label: 'Amazon Web Services',
          mode: 'DIRECT',
          period: query.granularity === 'day' ? `${month}-03` : month,
          cost: '69045.30',
        },
        {
          key: 'SHARED',
          label: 'Shared platform',
          mode: 'INDIRECT',
          period: query.granularity === 'day' ? `${month}-01` : month,
          cost: '1500.00',
        },
      ];
  }
}

function costsOf(
  query: CostsQuery,
  extra: Partial<CostResponse> = {},
): CostResponse {
  return {
    entityRef: query.entityRef,
    view: {
      key: query.view ?? 'actual',
      name: query.view === 'list-2027' ? 'List 2027' : 'Actual',
      kind: query.view === 'list-2027' ? 'list' : 'actual',
    },
    currency: 'USD',
    exchangeRates: [],
    from: query.from,
    to: query.to,
    granularity: query.granularity ?? 'month',
    groupBy: query.groupBy ?? 'domain',
    total: '70545.30',
    direct: '69045.30',
    indirect: '1500.00',
    rows: rowsOf(query),
    unpriced: [],
    indirectShares: [
      {
        domainKey: 'SHARED',
        label: 'Share of platform by CPU hours',
        methodKey: 'cpu-hours',
        month: query.to,
        coefficient: '0.15',
        amountDistributed: '10000.00',
        cost: '1500.00',
      },
    ],
    comparison:
      query.compareTo || query.compareView
        ? {
            current: {
              view: query.view ?? 'actual',
              from: query.from,
              to: query.to,
            },
            baseline: {
              view: query.compareView ?? query.view ?? 'actual',
              from: query.from,
              to: query.to,
            },
            baselineTotal: '64132.09',
            total: '70545.30',
            difference: '6413.21',
            volumeEffect: '4700.00',
            priceEffect: '1413.21',
            addedCost: '500.00',
            removedCost: '200.00',
            oneSided: {
              items: [
                {
                  productKey: 'aws:AmazonEKS:cluster',
                  name: 'EKS cluster',
                  month: query.to,
                  side: 'current' as const,
                  amount: '500.00',
                },
                {
                  productKey: 'aws:AmazonMQ:broker',
                  name: 'MQ broker',
                  month: query.from,
                  side: 'baseline' as const,
                  amount: '150.00',
                },
              ],
              omitted: { count: 3, addedCost: '0.00', removedCost: '50.00' },
            },
            movers: {
              increases: [],
              decreases: [],
              others: { count: 0, difference: '0.00' },
              unattributed: '6413.21',
            },
          }
        : undefined,
    ...extra,
  };
}

function renderWith(
  entity: Entity,
  getCosts: FinopsApi['getCosts'],
  overrides: Partial<FinopsApi> = {},
) {
  const api = {
    getCosts,
    getCostsCsv: async () => 'period,domain\r\n',
    listPricingViews: async () => views,
    listBusinessMetrics: async () => ({ items: [], sources: [] }),
    getAnomalies: async query => ({
      entityRef: query.entityRef,
      view: query.view ?? 'actual',
      from: query.from,
      to: query.to,
      method: 'robust weekday-adjusted median',
      anomalies: [],
    }),
    ...overrides,
  } as Partial<FinopsApi> as FinopsApi;
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <CostTab />
    </EntityProvider>,
    {
      apis: [
        [finopsApiRef, api],
        [catalogApiRef, catalogApiMock({ entities: catalogEntities })],
      ],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

/** Renders the tab of `entity` over {@link costsOf}; returns the queries asked, as they come. */
function renderRecording(entity: Entity): CostsQuery[] {
  const queries: CostsQuery[] = [];
  renderWith(entity, async query => {
    queries.push(query);
    return costsOf(query);
  });
  return queries;
}

// jsdom has no ResizeObserver, which recharts' ResponsiveContainer needs.
class NoResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}

describe('CostTab', () => {
  beforeAll(() => {
    Object.assign(globalThis, { ResizeObserver: NoResizeObserver });
  });

  it('shows the total, the direct / indirect split and the change once loaded', async () => {
    const queries = renderRecording(component);
    expect(screen.getByTestId('progress')).toBeInTheDocument();

    expect(await screen.findByTestId('finops-total')).toHaveTextContent(
      '$70,545.30',
    );
    expect(screen.getByText('Total cost')).toBeInTheDocument();
    expect(screen.getByText('Direct $69,045.30')).toBeInTheDocument();
    expect(screen.getByText('Indirect $1,500.00')).toBeInTheDocument();
    expect(screen.getByTestId('finops-change')).toHaveTextContent(
      '+$6,413.21 (+10.0%) vs previous period',
    );
    expect(screen.getByText('Cost by month')).toBeInTheDocument();
    expect(screen.getByText('Direct usage by day')).toBeInTheDocument();
    expect(screen.queryByTestId('daily-charges')).not.toBeInTheDocument();
    expect(screen.getByText('Top products')).toBeInTheDocument();
    expect(screen.getByText('EC2 m5.large')).toBeInTheDocument();
    expect(screen.getByText('$62,000.00')).toBeInTheDocument();
    expect(screen.getByText('Indirect costs')).toBeInTheDocument();
    expect(
      screen.getByText('Share of platform by CPU hours'),
    ).toBeInTheDocument();
    expect(screen.getByText('15%')).toBeInTheDocument();
    expect(screen.queryByText(/Unpriced quantities/)).not.toBeInTheDocument();
    expect(screen.queryByText('By component')).not.toBeInTheDocument();

    expect(queries).toContainEqual(
      expect.objectContaining({
        entityRef: 'component:default/cart-service',
        view: 'actual',
        granularity: 'month',
        groupBy: 'domain',
        compareTo: 'previous',
      }),
    );
    expect(queries).toContainEqual(
      expect.objectContaining({ granularity: 'day', groupBy: 'product' }),
    );
    expect(queries).toContainEqual(
      expect.objectContaining({ groupBy: 'product' }),
    );
  });

  it('marks monthly charges apart from the daily usage line', async () => {
    renderWith(component, async query =>
      query.granularity === 'day'
        ? costsOf(query, {
            rows: [
              {
                key: 'AWSSupportBusiness',
                label: 'AWS Support (Business)',
                mode: 'DIRECT',
                period: `${query.from}-01`,
                cost: '1000.00',
                quantity: '1000',
                unit: 'USD',
              },
              {
                key: 'AmazonEC2:BoxUsage:m5.large',
                label: 'EC2 m5.large',
                mode: 'DIRECT',
                period: `${query.from}-03`,
                cost: '2000.00',
                quantity: '20833.33',
                unit: 'Hrs',
              },
            ],
          })
        : costsOf(query),
    );
    expect(await screen.findByTestId('daily-charges')).toHaveTextContent(
      'Monthly charges (tax, support, fees) are marked apart',
    );
    expect(screen.getByText('Direct usage by day')).toBeInTheDocument();
  });

  it('warns about quantities no rule prices instead of counting them as zero', async () => {
    renderWith(component, async query =>
      costsOf(query, {
        unpriced: [
          {
            productKey: 'AmazonSageMaker:ml.g5.xlarge',
            name: 'SageMaker ml.g5.xlarge',
            unit: 'Hrs',
            month: query.to,
            quantity: '720',
          },
        ],
      }),
    );
    expect(
      (await screen.findAllByText(/Unpriced quantities/)).length,
    ).toBeGreaterThan(0);
    expect(
      screen.getByText('SageMaker ml.g5.xlarge (AmazonSageMaker:ml.g5.xlarge)'),
    ).toBeInTheDocument();
    expect(screen.getByText('720 Hrs')).toBeInTheDocument();
    expect(screen.getByText('not priced')).toBeInTheDocument();
  });

  it('explains how to map the entity when it has no cost data', async () => {
    renderWith(component, async query =>
      costsOf(query, {
        total: '0.00',
        direct: '0.00',
        indirect: '0.00',
        rows: [],
        indirectShares: [],
      }),
    );
    expect(await screen.findByText('No cost data yet')).toBeInTheDocument();
    // The snippet's highlighter loads lazily.
    await waitFor(() =>
      expect(document.body.textContent).toContain(
        'finops.backstage.io/tags: app=cart-service',
      ),
    );
  });

  it('shows an error the user can read when the backend fails', async () => {
    renderWith(component, () => Promise.reject(new Error('mart unreachable')));
    expect(await screen.findByText(/Could not load costs/)).toBeInTheDocument();
    expect(document.body.textContent).toContain('mart unreachable');
  });

  it('asks for the chosen pricing view', async () => {
    const queries = renderRecording(component);
    await screen.findByTestId('finops-total');
    await screen.findByRole('option', { name: 'List 2027' });

    fireEvent.change(screen.getByLabelText('Pricing view'), {
      target: { value: 'list-2027' },
    });

    await waitFor(() =>
      expect(queries).toContainEqual(
        expect.objectContaining({ view: 'list-2027', groupBy: 'domain' }),
      ),
    );
    expect(await screen.findByText(/view List 2027/)).toBeInTheDocument();
  });

  it('compares with another view and shows the volume and price effects', async () => {
    const queries = renderRecording(component);
    await screen.findByTestId('finops-total');
    await screen.findByRole('option', { name: 'View: List 2027' });

    fireEvent.change(screen.getByLabelText('Compare with'), {
      target: { value: 'view:list-2027' },
    });

    await waitFor(() =>
      expect(queries).toContainEqual(
        expect.objectContaining({
          compareView: 'list-2027',
          groupBy: 'domain',
        }),
      ),
    );
    expect(
      await screen.findByText('Compared with view List 2027'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('finops-comparison')).toHaveTextContent(
      'Volume effect+$4,700.00Price effect+$1,413.21',
    );
  });

  it('shows what is priced on one side only, so that the terms add up to the difference', async () => {
    renderWith(component, async query => costsOf(query));
    await screen.findByTestId('finops-total');
    expect(screen.getByTestId('finops-comparison')).toHaveTextContent(
      'Baseline$64,132.09Difference+$6,413.21 (+10.0%)' +
        'Volume effect+$4,700.00Price effect+$1,413.21' +
        'Added (priced only here)+$500.00' +
        'Removed (priced only in the baseline)-$200.00',
    );
    const items = screen.getByTestId('finops-one-sided');
    expect(items).toHaveTextContent('EKS cluster');
    expect(items).toHaveTextContent('+$500.00');
    expect(items).toHaveTextContent('MQ broker');
    expect(items).toHaveTextContent('-$150.00');
    expect(items).toHaveTextContent('and 3 more');
  });

  it('asks for no comparison and shows none with "Compare with: Nothing"', async () => {
    const queries = renderRecording(component);
    await screen.findByTestId('finops-comparison');

    queries.length = 0;
    fireEvent.change(screen.getByLabelText('Compare with'), {
      target: { value: 'none' },
    });

    await waitFor(() =>
      expect(screen.queryByTestId('finops-comparison')).not.toBeInTheDocument(),
    );
    expect(screen.queryByTestId('finops-change')).not.toBeInTheDocument();
    expect(queries.length).toBeGreaterThan(0);
    for (const query of queries) {
      expect(query.compareTo).toBeUndefined();
      expect(query.compareView).toBeUndefined();
    }
  });

  it('exports the same query as CSV through an object URL', async () => {
    const csvQueries: CostsQuery[] = [];
    const createObjectURL = jest.fn((_blob: Blob) => 'blob:costs');
    const revokeObjectURL = jest.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});
    renderWith(component, async query => costsOf(query), {
      getCostsCsv: async query => {
        csvQueries.push(query);
        return 'period,domain,label,mode,cost,currency,quantity,unit\r\n';
      },
    });
    await screen.findByTestId('finops-total');

    fireEvent.click(screen.getByRole('button', { name: /Export CSV/ }));

    await waitFor(() => expect(click).toHaveBeenCalled());
    expect(csvQueries).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/cart-service',
        view: 'actual',
        granularity: 'month',
        groupBy: 'domain',
        compareTo: 'previous',
      }),
    ]);
    expect(createObjectURL.mock.calls[0][0]).toBeInstanceOf(Blob);
    expect(revokeObjectURL).toHaveBeenCalledWith('blob:costs');
    click.mockRestore();
  });

  it('breaks a group down by component', async () => {
    const queries = renderRecording(group);
    expect(await screen.findByText('By component')).toBeInTheDocument();
    expect(screen.getByText('checkout-api')).toBeInTheDocument();
    expect(screen.getByText('$19,310.74')).toBeInTheDocument();
    expect(queries).toContainEqual(
      expect.objectContaining({
        entityRef: 'group:default/commerce',
        groupBy: 'component',
      }),
    );

    // By owning team: the components' costs added up per owner from the catalog.
    fireEvent.click(screen.getByRole('button', { name: 'Team' }));
    expect(await screen.findByText('By team')).toBeInTheDocument();
    expect(
      within(screen.getByRole('table', { name: 'By team' })).getByText(
        'team-payments',
      ),
    ).toBeInTheDocument();
  });

  it('marks the anomalous days of the daily line and lists them with the products behind them', async () => {
    const asked: Array<Parameters<FinopsApi['getAnomalies']>[0]> = [];
    renderWith(component, async query => costsOf(query), {
      getAnomalies: async query => {
        asked.push(query);
        return {
          entityRef: query.entityRef,
          view: 'actual',
          from: query.from,
          to: query.to,
          method: 'robust weekday-adjusted median',
          anomalies: [
            {
              day: `${query.to}-03`,
              expected: '120.00',
              actual: '480.50',
              difference: '360.50',
              score: 9.5,
              products: [
                {
                  key: 'aws:ec2:m5.large',
                  label: 'EC2 m5.large',
                  expected: '100.00',
                  actual: '430.00',
                  difference: '330.00',
                },
              ],
            },
          ],
        };
      },
    });
    expect(await screen.findByTestId('anomaly-count')).toHaveTextContent(
      '1 anomalous day marked on the line',
    );
    const table = screen.getByRole('table', { name: 'Anomalous days' });
    expect(table).toHaveTextContent('$120.00');
    expect(table).toHaveTextContent('+$360.50');
    expect(table).toHaveTextContent('EC2 m5.large (+$330.00)');
    expect(asked[0]).toEqual(
      expect.objectContaining({
        entityRef: 'component:default/cart-service',
        view: 'actual',
      }),
    );
  });

  it('still shows the costs when the anomalies cannot be computed', async () => {
    renderWith(component, async query => costsOf(query), {
      getAnomalies: async () => {
        throw new Error('detector unavailable');
      },
    });
    expect(await screen.findByTestId('finops-total')).toHaveTextContent(
      '$70,545.30',
    );
    expect(
      await screen.findByText(
        'Anomalies could not be computed: detector unavailable',
      ),
    ).toBeInTheDocument();
  });

  it('says a period to date is compared with the previous one to the same day, and marks the month partial', async () => {
    renderWith(component, async query => {
      const costs = costsOf(query);
      return costs.comparison
        ? {
            ...costs,
            comparison: {
              ...costs.comparison,
              current: {
                view: 'actual',
                from: query.from,
                to: query.to,
                through: `${query.to}-14`,
              },
              baseline: {
                view: 'actual',
                from: '2026-02',
                to: '2026-02',
                through: '2026-02-14',
              },
            },
          }
        : costs;
    });
    expect(await screen.findByTestId('finops-change')).toHaveTextContent(
      '+$6,413.21 (+10.0%) month to date vs previous month to date (Feb 1–14): $64,132.09',
    );
    expect(
      screen.getByText(/\(partial, to \w{3} 14\), view/),
    ).toBeInTheDocument();
  });
});
