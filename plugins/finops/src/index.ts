/**
 * FinOps for Backstage: the Costs tab on catalog entities and the FinOps page.
 *
 * @packageDocumentation
 */
export { finopsPlugin as default } from './plugin';
export { finopsApiRef, FinopsClient } from './api';
export type { FinopsApi } from './api';
export {
  EntityFinopsCostsContent,
  FinopsPage,
  finopsLegacyPlugin,
} from './legacy';
