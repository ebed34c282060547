import {
  EntityCostStatus,
  IngestionRunSummary,
} from '@finops-backstage/plugin-finops-common';

/** What the mart tells about itself. */
export interface MartStatus {
  schemaVersion: string;
  hasData: boolean;
  lastIngestionAt?: Date;
}

/** How many rows of one source, domain and month a run rejected for one kind of reason. */
export interface RejectedReason {
  sourceKey: string;
  domainKey?: string;
  month: string;
  /** The reason's kind: its text up to the first colon (`bad number`, `unknown entity`, …). */
  reason: string;
  rows: number;
}

/** The ingestion runs and their ledger, and what the mart holds (its status). */
export interface RunStore {
  getStatus(): Promise<MartStatus>;
  /** Months with quantities mapped to the entity or to what it owns. */
  getEntityStatus(entityRef: string): Promise<EntityCostStatus>;
  /** The newest ingestion runs with their ledger totals. */
  listRuns(limit: number, runId?: number): Promise<IngestionRunSummary[]>;
  /**
   * One run with its ledger, its rejected rows counted by reason, and a page of the rejected
   * rows themselves unless `rawRows` is false (then `rejected` is empty); undefined when there
   * is none.
   */
  getRun(
    runId: number,
    limit: number,
    offset: number,
    options?: { rawRows?: boolean },
  ): Promise<
    | (IngestionRunSummary & {
        ledger: Array<Record<string, unknown>>;
        rejectedReasons: RejectedReason[];
        rejected: Array<Record<string, unknown>>;
      })
    | undefined
  >;
}
