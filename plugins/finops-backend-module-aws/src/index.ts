/**
 * FinOps cost source module: AWS Cost Explorer (usage and costs, reservations and savings plans).
 *
 * @packageDocumentation
 */
export { finopsModuleAws as default } from './module';
export { AwsCostExplorerSource } from './AwsCostExplorerSource';
export type { AwsCostExplorerSourceOptions } from './AwsCostExplorerSource';
export type { AwsAccount } from './costs/readAccounts';
export type { RetryOptions } from './callWithRetry';
export type { CommitmentOptions } from './commitments/CommitmentOptions';
