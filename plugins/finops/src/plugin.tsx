import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
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

const finopsPage = PageBlueprint.make({
  params: {
    path: '/finops',
    title: 'FinOps',
    icon: <MoneyIcon />,
    routeRef: rootRouteRef,
    loader: () => import('./components/FinopsPage').then(m => <m.FinopsPage />),
  },
});

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
  extensions: [finopsApi, finopsPage, costsEntityContent],
});
