import { renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { OverviewResponse } from '@finops-backstage/plugin-finops-common';
import { FinopsApi, OverviewQuery, finopsApiRef } from '../../api';
import { OverviewContent } from './OverviewContent';
import { costByWeekday } from './overviewData';

function overviewOf(
  query: OverviewQuery,
  extra: Partial<OverviewResponse> = {},
): OverviewResponse {
  return {
    view: { key: 'actual', name: 'Actual', kind: 'actual' },
    currency: 'USD',
    from: query.from,
    to: query.to,
    filters: { cloud: query.cloud },
    filterValues: {
      cloud: [
        { key: 'aws', label: 'AWS' },
        { key: 'azure', label: 'Azure' },
        { key: 'oci', label: 'Oracle Cloud (OCI)' },
      ],
      account: [
        { key: '111111111111', label: 'acme-prod' },
        { key: 'sub-1', label: 'acme-azure' },
      ],
      category: [
        { key: 'compute', label: 'Compute' },
        { key: 'storage', label: 'Storage' },
      ],
    },
    total: '12345.60',
    days: 3,
    averagePerDay: '4115.20',
    previous: { from: '2026-02', to: '2026-02' },
    previousTotal: '11223.27',
    trendPercent: '10.0',
    weekendShare: '33.3',
    topServices: [
      { provider: 'aws', service: 'Amazon EC2', cost: '8000.00' },
      { provider: 'azure', service: 'Virtual Machines', cost: '4345.60' },
    ],
    otherServices: { count: 0, cost: '0.00' },
    byCloud: [
      { key: 'aws', cost: '8000.00' },
      { key: 'azure', cost: '4345.60' },
    ],
    byAccount: [
      { key: '111111111111', label: 'acme-prod', cost: '8000.00' },
      { key: 'sub-1', label: 'acme-azure', cost: '4345.60' },
    ],
    byRegion: [],
    byCategory: [
      { key: 'compute', label: 'Compute', cost: '12000.00' },
      { key: 'storage', label: 'Storage', cost: '345.60' },
    ],
    daily: [
      { day: '2026-03-06', cost: '4000.00', usage: '4000.00', charges: '0.00' },
      { day: '2026-03-07', cost: '4115.20', usage: '4115.20', charges: '0.00' },
      { day: '2026-03-08', cost: '4230.40', usage: '4230.40', charges: '0.00' },
    ],
    monthly: [{ month: '2026-03', cost: '12345.60' }],
    unpriced: [],
    movers: {
      increases: [
        {
          productKey: 'aws:AmazonEC2:BoxUsage:m5.large',
          name: 'm5.large',
          unit: 'Hrs',
          baselineQuantity: '10000',
          quantity: '11000',
          difference: '1122.33',
          volumeEffect: '1000.00',
          priceEffect: '122.33',
          addedCost: '0.00',
          removedCost: '0.00',
        },
      ],
      decreases: [],
      others: { count: 1, difference: '0.00' },
      unattributed: '0.00',
    },
    ...extra,
  };
}

const noAnomaly: FinopsApi['getAnomalies'] = async query => ({
  view: query.view ?? 'actual',
  from: query.from,
  to: query.to,
  method: 'robust weekday-adjusted median',
  anomalies: [],
});

function renderWith(
  getOverview: FinopsApi['getOverview'],
  getAnomalies: FinopsApi['getAnomalies'] = noAnomaly,
) {
  const api = {
    getOverview: jest.fn(getOverview),
    getAnomalies: jest.fn(getAnomalies),
    listBusinessMetrics: jest.fn(async () => ({ items: [], sources: [] })),
  };
  return {
    api,
    rendered: renderInTestApp(<OverviewContent />, {
      apis: [[finopsApiRef, api as unknown as FinopsApi]],
    }),
  };
}

// jsdom has no ResizeObserver, which recharts' ResponsiveContainer needs.
class NoResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}

describe('OverviewContent', () => {
  beforeAll(() => {
    Object.assign(globalThis, { ResizeObserver: NoResizeObserver });
  });

  it('shows the key figures, the charts and the top services', async () => {
    const { api } = renderWith(async query => overviewOf(query));
    expect(screen.getByTestId('progress')).toBeInTheDocument();

    expect(await screen.findByTestId('overview-total')).toHaveTextContent(
      '$12,345.60',
    );
    expect(screen.getByText('$4,115.20')).toBeInTheDocument();
    expect(screen.getByTestId('overview-trend')).toHaveTextContent('+10.0%');
    expect(screen.getByLabelText('up')).toBeInTheDocument();
    expect(screen.getByText('33.3%')).toBeInTheDocument();
    expect(screen.getAllByText('Amazon EC2').length).toBeGreaterThan(0);
    for (const heading of [
      'Total',
      'Cloud split',
      'Daily trend',
      'Services',
      'Categories',
      'Accounts',
      'Weekdays',
      'Monthly trend',
      'Top 10 services',
    ]) {
      expect(screen.getByText(heading)).toBeInTheDocument();
    }
    const table = screen.getByRole('table', { name: 'Top 10 services' });
    expect(table).toHaveTextContent('Virtual Machines');
    expect(table).toHaveTextContent('$4,345.60');
    expect(table).toHaveTextContent('35.2%');
    // What moved against the previous period, split into volume and price.
    expect(screen.getByText('Top movers')).toBeInTheDocument();
    const increases = screen.getByRole('table', { name: 'Largest increases' });
    expect(increases).toHaveTextContent('m5.large');
    expect(increases).toHaveTextContent('+$1,122.33');
    expect(increases).toHaveTextContent('+$1,000.00');
    expect(increases).toHaveTextContent('+$122.33');
    expect(screen.getByTestId('finops-movers-down')).toHaveTextContent('None.');
    expect(api.getOverview).toHaveBeenCalledWith(
      expect.objectContaining({
        from: expect.stringMatching(/^\d{4}-\d{2}$/),
        to: expect.stringMatching(/^\d{4}-\d{2}$/),
      }),
    );
  });

  it('asks again with the chosen cloud', async () => {
    const { api } = renderWith(async query => overviewOf(query));
    await screen.findByTestId('overview-total');

    fireEvent.change(screen.getByLabelText('Cloud'), {
      target: { value: 'aws' },
    });

    await waitFor(() =>
      expect(api.getOverview).toHaveBeenLastCalledWith(
        expect.objectContaining({ cloud: 'aws' }),
      ),
    );
    expect(api.getOverview.mock.calls[0][0].cloud).toBeUndefined();
  });

  it('offers the filter values the API lists, with their names', async () => {
    renderWith(async query => overviewOf(query));
    await screen.findByTestId('overview-total');
    const options = (label: string) =>
      Array.from(
        (screen.getByLabelText(label) as HTMLSelectElement).options,
      ).map(option => [option.value, option.textContent]);
    // oci has no cost in this answer, yet it is a value the filter accepts.
    expect(options('Cloud')).toEqual([
      ['', 'All clouds'],
      ['aws', 'AWS'],
      ['azure', 'Azure'],
      ['oci', 'Oracle Cloud (OCI)'],
    ]);
    expect(options('Account')).toEqual([
      ['', 'All accounts'],
      ['111111111111', 'acme-prod (111111111111)'],
      ['sub-1', 'acme-azure (sub-1)'],
    ]);
    expect(options('Category')).toEqual([
      ['', 'All categories'],
      ['compute', 'Compute'],
      ['storage', 'Storage'],
    ]);
  });

  it('asks for a custom period and says when it is reversed', async () => {
    const { api } = renderWith(async query => overviewOf(query));
    await screen.findByTestId('overview-total');

    fireEvent.change(screen.getByLabelText('Period'), {
      target: { value: 'custom' },
    });
    fireEvent.change(screen.getByLabelText('From'), {
      target: { value: '2025-01' },
    });
    fireEvent.change(screen.getByLabelText('To'), {
      target: { value: '2025-02' },
    });
    await waitFor(() =>
      expect(api.getOverview).toHaveBeenLastCalledWith({
        from: '2025-01',
        to: '2025-02',
      }),
    );

    fireEvent.change(screen.getByLabelText('From'), {
      target: { value: '2025-05' },
    });
    expect(
      await screen.findByText(/Choose a custom period whose end/),
    ).toBeInTheDocument();
  });

  it('says when there is no cost data', async () => {
    renderWith(async query =>
      overviewOf(query, {
        total: '0.00',
        days: 0,
        averagePerDay: '0.00',
        previousTotal: '0.00',
        trendPercent: null,
        weekendShare: '0.0',
        topServices: [],
        byCloud: [],
        byAccount: [],
        byCategory: [],
        daily: [],
        monthly: [],
      }),
    );
    expect(await screen.findByText('No cost data yet')).toBeInTheDocument();
    expect(screen.queryByTestId('overview-total')).not.toBeInTheDocument();
  });

  it('shows an error when the backend fails', async () => {
    renderWith(async () => {
      throw new Error('mart unavailable');
    });
    expect(
      await screen.findByText(/Could not load the overview/),
    ).toBeInTheDocument();
    expect(document.body.textContent).toContain('mart unavailable');
  });

  it('exports every section of the overview as CSV', async () => {
    const createObjectURL = jest.fn((_blob: Blob) => 'blob:overview');
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});
    renderWith(async query => overviewOf(query));
    await screen.findByTestId('overview-total');

    fireEvent.click(screen.getByRole('button', { name: /Export CSV/ }));

    expect(click).toHaveBeenCalled();
    const blob = createObjectURL.mock.calls[0][0];
    const text = await blob.text();
    expect(text).toContain('top-service,aws,Amazon EC2,,8000.00,USD');
    expect(text).toContain('daily,,,2026-03-07,4115.20,USD');
    // Every section, each adding up to the total.
    expect(text).toContain('total,,,,12345.60,USD,period,');
    expect(text).toContain('cloud,,,,8000.00,USD,aws,AWS');
    expect(text).toContain('account,,,,4345.60,USD,sub-1,acme-azure');
    expect(text).toContain('category,,,,345.60,USD,storage,Storage');
    expect(text).toContain('monthly,,,2026-03,12345.60,USD');
    click.mockRestore();
  });

  it("counts the estate's anomalous days and names the largest", async () => {
    const { api } = renderWith(
      async query => overviewOf(query),
      async query => ({
        view: 'actual',
        from: query.from,
        to: query.to,
        method: 'robust weekday-adjusted median',
        anomalies: [
          {
            day: '2026-03-07',
            expected: '3000.00',
            actual: '4115.20',
            difference: '1115.20',
            score: 8,
            products: [],
          },
          {
            day: '2026-03-02',
            expected: '5000.00',
            actual: '3000.00',
            difference: '-2000.00',
            score: -7,
            products: [],
          },
        ],
      }),
    );
    expect(await screen.findByTestId('overview-anomalies')).toHaveTextContent(
      '2',
    );
    expect(
      screen.getByText('largest 2026-03-02, -$2,000.00'),
    ).toBeInTheDocument();
    expect(api.getAnomalies).toHaveBeenCalledWith(
      expect.not.objectContaining({ entityRef: expect.anything() }),
    );
  });

  it('says the trend is month to date against the previous month to date, and marks the month partial', async () => {
    renderWith(async query =>
      overviewOf(query, {
        through: `${query.to}-14`,
        previous: { from: '2026-02', to: '2026-02', through: '2026-02-14' },
      }),
    );
    expect(
      await screen.findByText(
        'month to date vs previous month to date (Feb 1–14): $11,223.27',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(/\(partial, to \w{3} 14\)/)).toBeInTheDocument();
  });

  it('sums weekdays on usage: the monthly charges of the 1st are no Sunday spending', () => {
    const weekdays = costByWeekday([
      // Sunday 1 March 2026: a support fee and a little usage.
      {
        day: '2026-03-01',
        cost: '1010.00',
        usage: '10.00',
        charges: '1000.00',
      },
      { day: '2026-03-02', cost: '20.00', usage: '20.00', charges: '0.00' },
    ]);
    expect(weekdays.find(d => d.weekday === 'Sun')!.cost).toBe(10);
    expect(weekdays.find(d => d.weekday === 'Mon')!.cost).toBe(20);
  });
});
