/**
 * FinOps cost source module: FOCUS 1.0–1.2 billing files (CSV, plain or gzip).
 *
 * @packageDocumentation
 */
export { finopsModuleFocus as default } from './module';
export { FocusCostSource } from './focus/FocusCostSource';
export type { FocusCostSourceOptions } from './focus/FocusCostSource';
export { createFocusSources } from './focus/createFocusSources';
