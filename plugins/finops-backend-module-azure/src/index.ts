/**
 * FinOps cost source module: Azure Cost Management.
 *
 * @packageDocumentation
 */
export { finopsModuleAzure as default } from './module';
export { AzureCostSource } from './AzureCostSource';
export type {
  AzureCostColumn,
  AzureCostSourceOptions,
} from './AzureCostSource';
export { createAzureCredential } from './createAzureCredential';
export type { AzureCredentialSettings } from './createAzureCredential';
