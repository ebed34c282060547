import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { FinopsClient, finopsApiRef } from './api';

const legacyRootRouteRef = createRouteRef({ id: 'finops' });

/** The FinOps plugin for apps on the legacy frontend system. */
export const finopsLegacyPlugin = createPlugin({
  id: 'finops',
  apis: [
    createApiFactory({
      api: finopsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new FinopsClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: legacyRootRouteRef },
});

/** Legacy frontend system: the FinOps page, to mount on a route (`<Route path="/finops" element={<FinopsPage />} />`). */
export const FinopsPage = finopsLegacyPlugin.provide(
  createRoutableExtension({
    name: 'FinopsPage',
    component: () => import('./components/FinopsPage').then(m => m.FinopsPage),
    mountPoint: legacyRootRouteRef,
  }),
);

/** Legacy frontend system: the Costs tab content, to put in an `EntityLayout.Route path="/costs"`. */
export const EntityFinopsCostsContent = finopsLegacyPlugin.provide(
  createComponentExtension({
    name: 'EntityFinopsCostsContent',
    component: {
      lazy: () => import('./components/CostTab').then(m => m.CostTab),
    },
  }),
);
