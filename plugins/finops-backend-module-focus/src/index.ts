/**
 * FinOps cost source module: FOCUS 1.0–1.2 billing exports (CSV, plain or gzip, and Parquet) from
 * a folder, an S3 bucket (AWS Data Exports) or an Azure Blob container (Cost Management exports).
 *
 * @packageDocumentation
 */
export { finopsModuleFocus as default } from './module';
export { FocusCostSource } from './focus/FocusCostSource';
export type { FocusCostSourceOptions } from './focus/FocusCostSource';
export { createFocusSources } from './focus/createFocusSources';
export type {
  BillingObject,
  BillingStore,
  LocalCopy,
  StoreCallOptions,
} from './focus/storage/BillingStore';
export { FolderStore } from './focus/storage/FolderStore';
export { S3Store } from './focus/storage/S3Store';
export { AzureBlobStore } from './focus/storage/AzureBlobStore';
