/**
 * The extension point through which backend modules add cost sources to FinOps.
 *
 * @packageDocumentation
 */
export type {
  CostSource,
  CostSourceDomain,
  CostSourceProduct,
  CostSourceRequest,
  CostSourceRow,
} from './CostSource';
export { finopsCostSourcesExtensionPoint } from './extensions';
export type { FinopsCostSourcesExtensionPoint } from './extensions';
