import {
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen, within } from '@testing-library/react';
import { rest } from 'msw';
import { setupServer } from 'msw/node';
import {
  PricingView,
  TagComplianceReport,
} from '@finops-backstage/plugin-finops-common';
import { FinopsClient, finopsApiRef } from '../../api';
import { finopsPlugin } from '../../plugin';
import { FinopsPage } from './FinopsPage';

const API = 'http://example.com/api/finops';

const views: PricingView[] = [
  {
    key: 'actual',
    name: 'Actual',
    description: '',
    kind: 'actual',
    currency: 'USD',
    managed: true,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-03-01T08:00:00Z',
  },
];

const noTagCompliance: TagComplianceReport = {
  month: '2026-02',
  view: { key: 'actual', name: 'Actual' },
  currency: 'USD',
  mandatoryTags: ['Owner'],
  total: '0.00',
  compliantCost: '0.00',
  compliantPercent: null,
  unallocatedCost: '0.00',
  unallocatedPercent: null,
  withoutResourceCost: '0.00',
  setApart: [],
  netCost: '0.00',
  tags: [{ tag: 'Owner', taggedCost: '0.00', percent: null }],
  by: { cloud: [], account: [], service: [], region: [] },
  resources: [],
  resourceCount: 0,
  trend: [],
  unpriced: [],
};

const server = setupServer(
  rest.get(`${API}/pricing-views`, (_req, res, ctx) =>
    res(ctx.json({ items: views })),
  ),
  rest.get(`${API}/budgets`, (_req, res, ctx) => res(ctx.json({ items: [] }))),
  rest.get(`${API}/tag-compliance`, (_req, res, ctx) =>
    res(ctx.json(noTagCompliance)),
  ),
);
registerMswTestHooks(server);

const apis = [
  [
    finopsApiRef,
    new FinopsClient({
      discoveryApi: mockApis.discovery(),
      fetchApi: mockApis.fetch(),
    }),
  ],
  [permissionApiRef, mockApis.permission({ authorize: AuthorizeResult.ALLOW })],
] as const;

/** The labels of the page's tabs, in order. */
function tabLabels() {
  return within(screen.getByRole('tablist'))
    .getAllByRole('tab')
    .map(tab => tab.textContent);
}

describe('FinopsPage', () => {
  it('has a Pricing views tab between Overview and Domains (legacy frontend system)', async () => {
    await renderInTestApp(<FinopsPage />, {
      apis,
      mountPath: '/finops/*',
      initialRouteEntries: ['/finops/pricing-views'],
    });
    expect(
      await screen.findByTestId('pricing-view-actual'),
    ).toBeInTheDocument();
    expect(tabLabels()).toEqual([
      'Overview',
      'Pricing views',
      'Budgets',
      'Reservations',
      'Chargeback',
      'Tags',
      'Domains',
      'Ingestion runs',
    ]);
  });

  it('has a Pricing views tab between Overview and Domains (new frontend system)', async () => {
    renderTestApp({
      features: [finopsPlugin],
      apis,
      initialRouteEntries: ['/finops/pricing-views'],
    });
    expect(
      await screen.findByTestId('pricing-view-actual'),
    ).toBeInTheDocument();
    expect(tabLabels()).toEqual([
      'Overview',
      'Pricing views',
      'Budgets',
      'Reservations',
      'Chargeback',
      'Tags',
      'Domains',
      'Ingestion runs',
    ]);
  });

  it('has a Budgets tab in both frontend systems', async () => {
    const legacy = await renderInTestApp(<FinopsPage />, {
      apis,
      mountPath: '/finops/*',
      initialRouteEntries: ['/finops/budgets'],
    });
    expect(await screen.findByText('No budget yet')).toBeInTheDocument();
    legacy.unmount();

    renderTestApp({
      features: [finopsPlugin],
      apis,
      initialRouteEntries: ['/finops/budgets'],
    });
    expect(await screen.findByText('No budget yet')).toBeInTheDocument();
  });

  it('has a Tags tab after Chargeback in both frontend systems', async () => {
    const legacy = await renderInTestApp(<FinopsPage />, {
      apis,
      mountPath: '/finops/*',
      initialRouteEntries: ['/finops/tags'],
    });
    expect(
      await screen.findByText(/No cost to judge in this month/),
    ).toBeInTheDocument();
    legacy.unmount();

    renderTestApp({
      features: [finopsPlugin],
      apis,
      initialRouteEntries: ['/finops/tags'],
    });
    expect(
      await screen.findByText(/No cost to judge in this month/),
    ).toBeInTheDocument();
  });
});
