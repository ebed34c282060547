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
  listRuns(limit: number): Promise<IngestionRunSummary[]>;
}
