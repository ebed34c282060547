import {
  ApiBlueprint,
  PageBlueprint,
  SubPageBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { Content } from '@backstage/core-components';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import MoneyIcon from '@material-ui/icons/AttachMoney';
import { FinopsClient, finopsApiRef } from './api';

/** Route of the FinOps page. */
export const rootRouteRef = createRouteRef();

const finopsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: finopsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new FinopsClient({ discoveryApi, fetchApi }),
    }),
});

/** The FinOps page: a header with one tab per sub-page. */
const finopsPage = PageBlueprint.make({
  params: {
    path: '/finops',
    title: 'FinOps',
    icon: <MoneyIcon />,
    routeRef: rootRouteRef,
  },
});

function subPage(
  name: string,
  path: string,
  title: string,
  loader: () => Promise<JSX.Element>,
) {
  return SubPageBlueprint.make({
    attachTo: { id: 'page:finops', input: 'pages' },
    name,
    params: {
      path,
      title,
      loader: async () => <Content>{await loader()}</Content>,
    },
  });
}

const overviewPage = subPage('overview', 'overview', 'Overview', () =>
  import('./components/Overview').then(m => <m.OverviewContent />),
);
const pricingViewsPage = subPage(
  'pricing-views',
  'pricing-views',
  'Pricing views',
  () =>
    import('./components/PricingViews').then(m => <m.PricingViewsContent />),
);
const budgetsPage = subPage('budgets', 'budgets', 'Budgets', () =>
  import('./components/Budgets').then(m => <m.BudgetsContent />),
);
const reservationsPage = subPage(
  'reservations',
  'reservations',
  'Reservations',
  () =>
    import('./components/Reservations').then(m => <m.ReservationsContent />),
);
const chargebackPage = subPage('chargeback', 'chargeback', 'Chargeback', () =>
  import('./components/Chargeback').then(m => <m.ChargebackContent />),
);
const tagsPage = subPage('tags', 'tags', 'Tags', () =>
  import('./components/TagCompliance').then(m => <m.TagComplianceContent />),
);
const domainsPage = subPage('domains', 'domains', 'Domains', () =>
  import('./components/Domains').then(m => <m.DomainsContent />),
);
const ingestionPage = subPage('ingestion', 'ingestion', 'Ingestion runs', () =>
  import('./components/IngestionRuns').then(m => <m.IngestionRunsContent />),
);

const costsEntityContent = EntityContentBlueprint.make({
  name: 'costs',
  params: {
    path: '/costs',
    title: 'Costs',
    filter: entity =>
      ['component', 'system', 'group'].includes(entity.kind.toLowerCase()),
    loader: () => import('./components/CostTab').then(m => <m.CostTab />),
  },
});

/** The FinOps frontend plugin: a Costs tab on entity pages and a FinOps page. */
export const finopsPlugin = createFrontendPlugin({
  pluginId: 'finops',
  info: { packageJson: () => import('../package.json') },
  routes: { root: rootRouteRef },
  extensions: [
    finopsApi,
    finopsPage,
    overviewPage,
    pricingViewsPage,
    budgetsPage,
    reservationsPage,
    chargebackPage,
    tagsPage,
    domainsPage,
    ingestionPage,
    costsEntityContent,
  ],
});
