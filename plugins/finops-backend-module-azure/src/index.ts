/**
 * FinOps cost source module: Azure Cost Management.
 *
 * @packageDocumentation
 */
export { finopsModuleAzure as default } from './module';
export { AzureCostSource } from './AzureCostSource';
export type { AzureCostSourceOptions } from './AzureCostSource';
export type { AzureCostColumn } from './costs/MonthQuery';
export { createAzureCredential } from './createAzureCredential';
export type { AzureCredentialSettings } from './createAzureCredential';
