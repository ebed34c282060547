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

/**
 * Legacy frontend system: the Cost tab, to put in an `EntityLayout.Route path="/costs"` of the
 * component, system and group pages.
 */
export const EntityFinopsCostContent = finopsLegacyPlugin.provide(
  createComponentExtension({
    name: 'EntityFinopsCostContent',
    component: {
      lazy: () => import('./components/CostTab').then(m => m.CostTab),
    },
  }),
);

/** Legacy frontend system: the Budget tab, for an `EntityLayout.Route path="/costs/budget"`. */
export const EntityFinopsBudgetContent = finopsLegacyPlugin.provide(
  createComponentExtension({
    name: 'EntityFinopsBudgetContent',
    component: {
      lazy: () =>
        import('./components/EntityContents').then(m => m.EntityBudgetContent),
    },
  }),
);

/** Legacy frontend system: the Reservations tab, for an `EntityLayout.Route path="/costs/reservations"`. */
export const EntityFinopsReservationsContent = finopsLegacyPlugin.provide(
  createComponentExtension({
    name: 'EntityFinopsReservationsContent',
    component: {
      lazy: () =>
        import('./components/EntityContents').then(
          m => m.EntityReservationsContent,
        ),
    },
  }),
);

/** Legacy frontend system: the Chargeback tab, for an `EntityLayout.Route path="/costs/chargeback"`. */
export const EntityFinopsChargebackContent = finopsLegacyPlugin.provide(
  createComponentExtension({
    name: 'EntityFinopsChargebackContent',
    component: {
      lazy: () =>
        import('./components/EntityContents').then(
          m => m.EntityChargebackContent,
        ),
    },
  }),
);

/**
 * Legacy frontend system: the costs card of the Overview tab (month to date, change, budget,
 * a link to the Cost tab, which it expects at `/costs`).
 */
export const EntityFinopsCostCard = finopsLegacyPlugin.provide(
  createComponentExtension({
    name: 'EntityFinopsCostCard',
    component: {
      lazy: () =>
        import('./components/EntityCostCard').then(m => m.EntityCostCard),
    },
  }),
);

/**
 * Legacy frontend system: the four tabs as sections of one page, for an
 * `EntityLayout.Route path="/costs"`.
 *
 * @deprecated Mount {@link EntityFinopsCostContent}, {@link EntityFinopsBudgetContent},
 * {@link EntityFinopsReservationsContent} and {@link EntityFinopsChargebackContent} on routes of
 * their own.
 */
export const EntityFinopsCostsContent = finopsLegacyPlugin.provide(
  createComponentExtension({
    name: 'EntityFinopsCostsContent',
    component: {
      lazy: () =>
        import('./components/EntityContents').then(m => m.EntityCostsContent),
    },
  }),
);
