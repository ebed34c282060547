/**
 * FinOps cost source module: aws.
 *
 * @packageDocumentation
 */
export { finopsModuleAws as default } from './module';
