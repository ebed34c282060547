export { EntityBudgetContent } from './EntityBudgetContent';
export { EntityChargebackContent } from './EntityChargebackContent';
export { EntityCostsContent } from './EntityCostsContent';
export { EntityReservationsContent } from './EntityReservationsContent';
export { ENTITY_TAB_PATHS } from './entityTabPaths';
