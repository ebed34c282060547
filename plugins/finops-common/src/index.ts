/**
 * Types, schemas, permissions and pricing math shared by the FinOps plugins.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './money';
export * from './permissions';
export * from './schemas';
export * from './months';
export * from './csv';
export * from './api';
export * from './budgets';
export * from './chargeback';
export * from './commitments';
export * from './tags';
export * from './unitCosts';
