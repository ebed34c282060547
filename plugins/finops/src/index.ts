/**
 * FinOps for Backstage: the costs tabs and card of catalog entities, and the FinOps page.
 *
 * @packageDocumentation
 */
export { finopsPlugin as default } from './plugin';
export { finopsApiRef, FinopsClient } from './api';
export type { FinopsApi } from './api';
export {
  EntityFinopsBudgetContent,
  EntityFinopsChargebackContent,
  EntityFinopsCostCard,
  EntityFinopsCostContent,
  EntityFinopsCostsContent,
  EntityFinopsReservationsContent,
  FinopsPage,
  finopsLegacyPlugin,
} from './legacy';
