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
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import MoneyIcon from '@material-ui/icons/AttachMoney';
import { FinopsClient, finopsApiRef } from './api';
import { ENTITY_TAB_PATHS } from './components/EntityContents/entityTabPaths';

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
  () => import('./components/Commitments').then(m => <m.CommitmentsContent />),
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

/** The entities that have costs: what the costs tabs and card are shown on. */
const costEntities = { kind: { $in: ['component', 'system', 'group'] } };

/**
 * The entity page's group of costs tabs. A group shows as one menu when the app's entity page
 * defines it (`page:catalog/entity` config `groups`, see the README); otherwise the four tabs
 * stand on their own.
 */
const COSTS_GROUP = 'costs';

/** A tab of the costs group, on the entities that have costs. */
function costsTab<TName extends string>(
  name: TName,
  path: string,
  title: string,
  loader: () => Promise<JSX.Element>,
) {
  return EntityContentBlueprint.make({
    name,
    params: {
      path: `/${path}`,
      title,
      group: COSTS_GROUP,
      filter: costEntities,
      loader,
    },
  });
}

const costEntityContent = costsTab('costs', ENTITY_TAB_PATHS.cost, 'Cost', () =>
  import('./components/CostTab').then(m => <m.CostTab />),
);
const budgetEntityContent = costsTab(
  'budget',
  ENTITY_TAB_PATHS.budget,
  'Budget',
  () =>
    import('./components/EntityContents').then(m => <m.EntityBudgetContent />),
);
const reservationsEntityContent = costsTab(
  'reservations',
  ENTITY_TAB_PATHS.reservations,
  'Reservations',
  () =>
    import('./components/EntityContents').then(m => (
      <m.EntityReservationsContent />
    )),
);
const chargebackEntityContent = costsTab(
  'chargeback',
  ENTITY_TAB_PATHS.chargeback,
  'Chargeback',
  () =>
    import('./components/EntityContents').then(m => (
      <m.EntityChargebackContent />
    )),
);

/** The costs card of the entity's Overview tab. */
const costEntityCard = EntityCardBlueprint.make({
  name: 'costs',
  params: {
    type: 'info',
    filter: costEntities,
    loader: () =>
      import('./components/EntityCostCard').then(m => <m.EntityCostCard />),
  },
});

/**
 * The FinOps frontend plugin: a Costs group of entity tabs (Cost, Budget, Reservations,
 * Chargeback), a costs card on the entity Overview, and a FinOps page.
 */
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
    costEntityContent,
    budgetEntityContent,
    reservationsEntityContent,
    chargebackEntityContent,
    costEntityCard,
  ],
});
