/**
 * FinOps cost source module: azure.
 *
 * @packageDocumentation
 */
export { finopsModuleAzure as default } from './module';
