/** How a cost domain's quantities are measured. */
export const DOMAIN_MODES = ['DIRECT', 'INDIRECT'] as const;
/** DIRECT: measured consumption; INDIRECT: a normalised weight of a shared amount. */
export type DomainMode = (typeof DOMAIN_MODES)[number];

/** The kinds of pricing view. */
export const PRICING_VIEW_KINDS = [
  'actual',
  'amortized',
  'list',
  'contracted',
  'budget',
  'forecast',
  'what-if',
] as const;
/** The kind of a pricing view. */
export type PricingViewKind = (typeof PRICING_VIEW_KINDS)[number];

/** Status of one ingestion run in the ledger. */
export type IngestionRunStatus =
  | 'running'
  | 'succeeded'
  | 'partial'
  | 'failed'
  | 'skipped';

/**
 * Status of one load (source, domain, month) of a run: `refused` when a guard or an incomplete
 * delivery kept the month's previous data (the detail says which, and which file).
 */
export type IngestionLoadStatus = 'succeeded' | 'failed' | 'refused';

/** Answer of `GET /api/finops/health`. */
export interface FinopsHealth {
  status: 'ok';
  /** Name of the newest migration applied to the mart. */
  schemaVersion: string;
  /** Keys of the cost sources registered through the extension point. */
  sources: string[];
  /** Whether the mart holds any consumption yet. */
  hasData: boolean;
  /** When the newest ingestion run finished, ISO 8601, if any did. */
  lastIngestionAt?: string;
}

/** Answer of `GET /api/finops/entity-status`: what the mart knows of one catalog entity. */
export interface EntityCostStatus {
  entityRef: string;
  /** Months for which the mart holds quantities mapped to this entity (or what it owns). */
  monthsWithData: number;
  /** First and last such month, `YYYY-MM`. */
  firstMonth?: string;
  lastMonth?: string;
}

/**
 * Annotation on a catalog entity that lists the billing tag values selecting its costs,
 * as `key=value` pairs separated by commas, e.g. `app=checkout, cost-center=cc-42`.
 * Without it, rows tagged `app=<entity name>` map to the entity.
 */
export const FINOPS_TAGS_ANNOTATION = 'finops.backstage.io/tags';

/**
 * Annotation on a catalog component that lists the cloud accounts (AWS account ids, Azure
 * subscription ids) whose otherwise unmapped rows belong to it, separated by commas.
 */
export const FINOPS_ACCOUNTS_ANNOTATION = 'finops.backstage.io/accounts';

/** One ingestion run with its ledger totals, as `GET /api/finops/ingestion/runs` lists it. */
export interface IngestionRunSummary {
  runId: number;
  trigger: 'schedule' | 'manual' | 'startup';
  requestedBy?: string;
  status: IngestionRunStatus;
  force: boolean;
  /** Why the run failed, or how many of its loads were refused or failed. */
  error?: string;
  /** What the run left out, e.g. months of a source's data outside its history window. */
  note?: string;
  startedAt: string;
  finishedAt?: string;
  /** Number of (source, domain, month) loads in the run. */
  loads: number;
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  /** Requests sent to the providers' APIs (some are billed, e.g. Cost Explorer's). */
  requests: number;
}
