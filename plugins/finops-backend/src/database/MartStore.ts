import {
  EntityCostStatus,
  IngestionRunSummary,
} from '@internal/plugin-finops-common';

/** What the mart tells about itself. */
export interface MartStatus {
  schemaVersion: string;
  hasData: boolean;
  lastIngestionAt?: Date;
}

/** Reads and writes the cost mart. */
export interface MartStore {
  getStatus(): Promise<MartStatus>;
  /** Months with quantities mapped to the entity or to what it owns. */
  getEntityStatus(entityRef: string): Promise<EntityCostStatus>;
  /** The newest ingestion runs with their ledger totals. */
  listRuns(limit: number, runId?: number): Promise<IngestionRunSummary[]>;
  /** One run with its ledger and a page of its rejected rows; undefined when there is none. */
  getRun(
    runId: number,
    limit: number,
    offset: number,
  ): Promise<
    | (IngestionRunSummary & {
        ledger: Array<Record<string, unknown>>;
        rejected: Array<Record<string, unknown>>;
      })
    | undefined
  >;
}
