/**
 * FinOps cost source module: focus.
 *
 * @packageDocumentation
 */
export { finopsModuleFocus as default } from './module';
