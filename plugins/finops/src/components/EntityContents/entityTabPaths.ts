/**
 * Where the costs tabs sit under an entity page's URL (`/catalog/:namespace/:kind/:name/<path>`):
 * the paths the plugin gives its entity contents, and the overview card links to.
 */
export const ENTITY_TAB_PATHS = {
  cost: 'costs',
  budget: 'costs/budget',
  reservations: 'costs/reservations',
  chargeback: 'costs/chargeback',
} as const;
