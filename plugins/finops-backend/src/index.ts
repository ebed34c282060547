/**
 * The FinOps backend plugin.
 *
 * @packageDocumentation
 */
export { finopsPlugin as default } from './plugin';
