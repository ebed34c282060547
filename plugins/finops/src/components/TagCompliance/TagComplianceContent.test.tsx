import { renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { rest } from 'msw';
import { TagComplianceReport } from '@finops-backstage/plugin-finops-common';
import { finopsApiRef } from '../../api';
import { recentMonths } from '../shared';
import {
  API,
  finopsServer,
  heldAnswer,
  httpFinopsClient,
} from '../../__testUtils__/finopsOverHttp';
import { TagComplianceContent } from './TagComplianceContent';

// The tab against HTTP answers shaped like the backend's, through the real FinopsClient.
const [, LAST_MONTH, MONTH_BEFORE] = recentMonths();

jest.setTimeout(30_000);

const coverage = (tag: string, taggedCost: string, percent: string | null) => ({
  tag,
  taggedCost,
  percent,
});

const report: TagComplianceReport = {
  month: LAST_MONTH,
  view: { key: 'actual', name: 'Actual' },
  currency: 'USD',
  mandatoryTags: ['Owner', 'Environment'],
  total: '1000.00',
  compliantCost: '625.00',
  compliantPercent: '62.50',
  unallocatedCost: '150.00',
  unallocatedPercent: '15.00',
  withoutResourceCost: '80.00',
  setApart: [],
  netCost: '1000.00',
  tags: [
    coverage('Owner', '800.00', '80.00'),
    coverage('Environment', '700.00', '70.00'),
  ],
  by: {
    cloud: [
      {
        key: 'aws',
        label: 'AWS',
        cost: '600.00',
        compliantPercent: '75.00',
        tags: [
          coverage('Owner', '550.00', '91.67'),
          coverage('Environment', '480.00', '80.00'),
        ],
      },
      {
        key: 'azure',
        label: 'Azure',
        cost: '400.00',
        compliantPercent: '43.75',
        tags: [
          coverage('Owner', '250.00', '62.50'),
          coverage('Environment', '220.00', '55.00'),
        ],
      },
    ],
    account: [
      {
        key: '123456789012',
        label: 'Shop production',
        cost: '1000.00',
        compliantPercent: '62.50',
        tags: [
          coverage('Owner', '800.00', '80.00'),
          coverage('Environment', '700.00', '70.00'),
        ],
      },
    ],
    service: [],
    region: [],
  },
  resources: [
    {
      resourceKey: 'arn:aws:ec2:eu-west-1:123456789012:instance/i-0abc',
      name: 'cart-worker',
      provider: 'aws',
      accountKey: '123456789012',
      service: 'Amazon EC2',
      region: 'eu-west-1',
      cost: '120.00',
      missing: ['Environment'],
      tags: { Owner: 'checkout-team' },
    },
    {
      provider: 'azure',
      service: 'Support',
      cost: '80.00',
      missing: ['Owner', 'Environment'],
      tags: {},
    },
  ],
  resourceCount: 7,
  trend: [
    {
      month: MONTH_BEFORE,
      total: '900.00',
      compliantPercent: '55.00',
      unallocatedCost: '200.00',
      tags: [],
    },
    {
      month: LAST_MONTH,
      total: '1000.00',
      compliantPercent: '62.50',
      unallocatedCost: '150.00',
      tags: [],
    },
  ],
  unpriced: [],
};

const server = finopsServer();

/** Answers the report for any query and records the queries asked. */
function serve(answer: TagComplianceReport = report) {
  const asked: URLSearchParams[] = [];
  server.use(
    rest.get(`${API}/tag-compliance`, (req, res, ctx) => {
      asked.push(req.url.searchParams);
      return res(
        ctx.json({
          ...answer,
          month: req.url.searchParams.get('month') ?? answer.month,
        }),
      );
    }),
  );
  return asked;
}

function render() {
  return renderInTestApp(<TagComplianceContent />, {
    apis: [[finopsApiRef, httpFinopsClient()]],
  });
}

/** The chips of a resource row's missing tags. */
function missingTags(row: HTMLElement) {
  return within(within(row).getByRole('list', { name: 'Missing tags' }))
    .getAllByRole('listitem')
    .map(chip => chip.textContent);
}

// jsdom has no ResizeObserver, which recharts' ResponsiveContainer needs.
class NoResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}

describe('TagComplianceContent', () => {
  beforeAll(() => {
    Object.assign(globalThis, { ResizeObserver: NoResizeObserver });
  });

  beforeEach(() => {
    server.use(
      rest.get(`${API}/pricing-views`, (_req, res, ctx) =>
        res(
          ctx.json({
            items: [
              { key: 'actual', name: 'Actual' },
              { key: 'list', name: 'List prices' },
            ],
          }),
        ),
      ),
    );
  });

  it('shows progress until the report arrives', async () => {
    const { answered, answer } = heldAnswer();
    server.use(
      rest.get(`${API}/tag-compliance`, async (_req, res, ctx) => {
        await answered;
        return res(ctx.json(report));
      }),
    );
    await render();
    expect(await screen.findByTestId('progress')).toBeInTheDocument();
    answer();
    expect(
      await screen.findByTestId('tags-compliant-percent'),
    ).toHaveTextContent('62.50%');
  });

  it("shows the last complete month's figures in the actual view", async () => {
    const asked = serve();
    await render();
    expect(
      await screen.findByTestId('tags-compliant-percent'),
    ).toHaveTextContent('62.50%');
    expect(asked).toHaveLength(1);
    expect(Object.fromEntries(asked[0])).toEqual({
      month: LAST_MONTH,
      view: 'actual',
    });
    expect(screen.getByTestId('tags-compliant-cost')).toHaveTextContent(
      '$625.00',
    );
    expect(screen.getByTestId('tags-unallocated')).toHaveTextContent('$150.00');
    expect(screen.getByTestId('tags-unallocated-percent')).toHaveTextContent(
      '15.00%',
    );
    expect(screen.getByTestId('tags-total')).toHaveTextContent('$1,000.00');
    expect(screen.getByTestId('tags-mandatory')).toHaveTextContent(
      'OwnerEnvironment',
    );

    const perTag = screen.getByRole('table', { name: 'Coverage per tag' });
    expect(screen.getByTestId('tags-coverage-Owner')).toHaveTextContent(
      '80.00%',
    );
    expect(screen.getByTestId('tags-coverage-Environment')).toHaveTextContent(
      '70.00%',
    );
    expect(perTag).toHaveTextContent('$800.00');
    expect(
      within(perTag).getByRole('progressbar', { name: 'Owner coverage' }),
    ).toHaveAttribute('aria-valuenow', '80');

    expect(screen.getByText('Trend')).toBeInTheDocument();
    expect(screen.queryByText(/Unpriced quantities/)).toBeNull();
    // No credit this month: only the untaggable part of the unallocated cost is said.
    expect(screen.queryByTestId('tags-set-apart-credit')).toBeNull();
    expect(screen.getByTestId('tags-without-resource')).toHaveTextContent(
      '$80.00',
    );
  });

  it('shows credits and refunds on a line of their own, with the net cost', async () => {
    serve({
      ...report,
      setApart: [
        { kind: 'credit', cost: '-1.48', lines: 1 },
        { kind: 'refund', cost: '-20.00', lines: 2 },
      ],
      netCost: '978.52',
    });
    await render();
    expect(
      await screen.findByTestId('tags-set-apart-credit'),
    ).toHaveTextContent('Credits -$1.48 (1 line)');
    expect(screen.getByTestId('tags-set-apart-refund')).toHaveTextContent(
      'Refunds -$20.00 (2 lines)',
    );
    expect(screen.getByTestId('tags-net-cost')).toHaveTextContent('$978.52');
    // The shares are of the cost judged, credits apart.
    expect(screen.getByTestId('tags-total')).toHaveTextContent('$1,000.00');
    expect(screen.getByTestId('tags-compliant-percent')).toHaveTextContent(
      '62.50%',
    );
  });

  it('breaks compliance down by cloud, then by account', async () => {
    serve();
    await render();
    const byCloud = await screen.findByRole('table', {
      name: 'Compliance by cloud',
    });
    const rows = within(byCloud).getAllByRole('row');
    expect(rows.map(row => row.textContent)).toEqual([
      'CloudCostCompliantOwnerEnvironment',
      'AWS$600.0075.00%91.67%80.00%',
      'Azure$400.0043.75%62.50%55.00%',
    ]);

    fireEvent.click(screen.getByRole('button', { name: 'Account' }));
    const byAccount = await screen.findByRole('table', {
      name: 'Compliance by account',
    });
    expect(screen.getByRole('button', { name: 'Account' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    expect(within(byAccount).getAllByRole('row')[1]).toHaveTextContent(
      'Shop production$1,000.0062.50%80.00%70.00%',
    );

    fireEvent.click(screen.getByRole('button', { name: 'Service' }));
    expect(
      await screen.findByText('No cost by service in this month.'),
    ).toBeInTheDocument();
  });

  it('lists the non-compliant resources with the tags they miss', async () => {
    serve();
    await render();
    const table = await screen.findByRole('table', {
      name: 'Non-compliant resources',
    });
    expect(screen.getByTestId('tags-resource-count')).toHaveTextContent(
      '2 of 7 shown',
    );
    const [, first, second] = within(table).getAllByRole('row');
    expect(first).toHaveTextContent('cart-worker');
    expect(first).toHaveTextContent(
      'arn:aws:ec2:eu-west-1:123456789012:instance/i-0abc',
    );
    expect(first).toHaveTextContent('AWS');
    expect(first).toHaveTextContent('Amazon EC2');
    expect(first).toHaveTextContent('eu-west-1');
    expect(first).toHaveTextContent('$120.00');
    expect(missingTags(first)).toEqual(['Environment']);
    expect(second).toHaveTextContent('No resource');
    expect(second).toHaveTextContent('Azure');
    expect(missingTags(second)).toEqual(['Owner', 'Environment']);
  });

  it('asks again for the month and view chosen', async () => {
    const asked = serve();
    await render();
    await screen.findByTestId('tags-compliant-percent');

    fireEvent.mouseDown(screen.getByLabelText('Month'));
    fireEvent.click(await screen.findByRole('option', { name: MONTH_BEFORE }));
    await waitFor(() =>
      expect(asked.map(query => query.get('month'))).toContain(MONTH_BEFORE),
    );
    expect(
      await screen.findByText(`Direct usage of ${MONTH_BEFORE}, Actual`),
    ).toBeInTheDocument();

    fireEvent.mouseDown(screen.getByText('Actual'));
    fireEvent.click(await screen.findByRole('option', { name: 'List prices' }));
    await waitFor(() =>
      expect(Object.fromEntries(asked[asked.length - 1])).toEqual({
        month: MONTH_BEFORE,
        view: 'list',
      }),
    );
  });

  it('warns of unpriced quantities', async () => {
    serve({
      ...report,
      unpriced: [
        {
          productKey: 'aws:AmazonEC2:BoxUsage',
          name: 'EC2 box usage',
          unit: 'Hrs',
          month: LAST_MONTH,
          quantity: '12',
        },
      ],
    });
    await render();
    expect(
      (await screen.findAllByText(/Unpriced quantities/)).length,
    ).toBeGreaterThan(0);
    expect(
      screen.getByRole('table', { name: 'Unpriced quantities' }),
    ).toHaveTextContent('EC2 box usage');
  });

  it('says there is no cost to judge in an empty month', async () => {
    serve({
      ...report,
      total: '0.00',
      compliantCost: '0.00',
      compliantPercent: null,
      unallocatedCost: '0.00',
      unallocatedPercent: null,
      tags: [
        coverage('Owner', '0.00', null),
        coverage('Environment', '0.00', null),
      ],
      by: { cloud: [], account: [], service: [], region: [] },
      resources: [],
      resourceCount: 0,
      trend: [],
    });
    await render();
    expect(
      await screen.findByText(/No cost to judge in this month/),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('tags-compliant-percent')).toBeNull();
  });

  it('says so when the report cannot be loaded', async () => {
    server.use(
      rest.get(`${API}/tag-compliance`, (_req, res, ctx) =>
        res(
          ctx.status(500),
          ctx.json({ error: { name: 'Error', message: 'mart unavailable' } }),
        ),
      ),
    );
    await render();
    expect(
      await screen.findByText(/Could not load the tag compliance report/),
    ).toBeInTheDocument();
  });
});
