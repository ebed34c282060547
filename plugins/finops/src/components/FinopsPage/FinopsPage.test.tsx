import {
  mockApis,
  renderInTestApp,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen, within } from '@testing-library/react';
import {
  PricingView,
  TagComplianceReport,
} from '@finops-backstage/plugin-finops-common';
import { finopsApiRef } from '../../api';
import { finopsPlugin } from '../../plugin';
import {
  finopsServer,
  getJson,
  httpFinopsClient,
} from '../../__testUtils__/finopsOverHttp';
import { FinopsPage } from './FinopsPage';

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

finopsServer(
  getJson('/pricing-views', { items: views }),
  getJson('/budgets', { items: [] }),
  getJson('/tag-compliance', noTagCompliance),
);

const apis = [
  [finopsApiRef, httpFinopsClient()],
  [permissionApiRef, mockApis.permission({ authorize: AuthorizeResult.ALLOW })],
] as const;

/** The page's tabs, in order. */
const TABS = [
  'Overview',
  'Pricing views',
  'Budgets',
  'Reservations',
  'Chargeback',
  'Tags',
  'Domains',
  'Ingestion runs',
];

/** The labels of the page's tabs, in order. */
function tabLabels() {
  return within(screen.getByRole('tablist'))
    .getAllByRole('tab')
    .map(tab => tab.textContent);
}

/** The page at `path` in the legacy frontend system. */
function renderLegacy(path: string) {
  return renderInTestApp(<FinopsPage />, {
    apis,
    mountPath: '/finops/*',
    initialRouteEntries: [path],
  });
}

/** The app with the plugin at `path` in the new frontend system. */
function renderNew(path: string) {
  return renderTestApp({
    features: [finopsPlugin],
    apis,
    initialRouteEntries: [path],
  });
}

describe('FinopsPage', () => {
  it('has a Pricing views tab between Overview and Domains (legacy frontend system)', async () => {
    await renderLegacy('/finops/pricing-views');
    expect(
      await screen.findByTestId('pricing-view-actual'),
    ).toBeInTheDocument();
    expect(tabLabels()).toEqual(TABS);
  });

  it('has a Pricing views tab between Overview and Domains (new frontend system)', async () => {
    renderNew('/finops/pricing-views');
    expect(
      await screen.findByTestId('pricing-view-actual'),
    ).toBeInTheDocument();
    expect(tabLabels()).toEqual(TABS);
  });

  it('has a Budgets tab in both frontend systems', async () => {
    const legacy = await renderLegacy('/finops/budgets');
    expect(await screen.findByText('No budget yet')).toBeInTheDocument();
    legacy.unmount();

    renderNew('/finops/budgets');
    expect(await screen.findByText('No budget yet')).toBeInTheDocument();
  });

  it('has a Tags tab after Chargeback in both frontend systems', async () => {
    const legacy = await renderLegacy('/finops/tags');
    expect(
      await screen.findByText(/No cost to judge in this month/),
    ).toBeInTheDocument();
    legacy.unmount();

    renderNew('/finops/tags');
    expect(
      await screen.findByText(/No cost to judge in this month/),
    ).toBeInTheDocument();
  });
});
