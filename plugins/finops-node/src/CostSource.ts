import { DecimalString, DomainMode } from '@internal/plugin-finops-common';

/** What the batch asks a cost source for: one month. */
export interface CostSourceRequest {
  /** The month to read, `YYYY-MM`. */
  month: string;
  /** Aborted when the run is cancelled or the backend stops. */
  signal?: AbortSignal;
}

/** A billed product, with the one unit its quantities are measured in. */
export interface CostSourceProduct {
  /** Stable key across months, e.g. `aws:AmazonEC2:USE1-BoxUsage:m5.large`. */
  key: string;
  name: string;
  /** Unit of the quantity (`Hrs`, `GB-Mo`, `Requests`, …), or a currency code for amounts billed without a usable quantity. */
  unit: string;
  provider: string;
  service: string;
  region?: string;
  /** Key of the product family (compute, storage, …). */
  familyKey: string;
  attributes?: Record<string, string>;
}

/** One row of consumption as a source reports it. Sources never touch the database. */
export interface CostSourceRow {
  /** The day consumed, `YYYY-MM-DD`, inside the requested month. */
  day: string;
  /** Key of the cost domain the row belongs to. */
  domainKey: string;
  product: CostSourceProduct;
  account?: { key: string; name?: string };
  resource?: { key: string; name?: string };
  /** Tags of the row, used to map it to a catalog entity. */
  tags: Record<string, string>;
  /**
   * The catalog entity the row belongs to, when the source knows it (indirect weights do);
   * otherwise the batch maps the row by its tags, then by its account.
   */
  entityRef?: string;
  /** Quantity in the product's unit, as a decimal string. */
  quantity: DecimalString;
  /** What the provider billed for it, as a decimal string, in `currency`. */
  billedAmount?: DecimalString;
  currency?: string;
  /** What the quantity measures (CPU, STORAGE, OPEN_WEIGHT, …). */
  consumptionMetric?: string;
  /** True while the provider may still revise the row (the month is not invoiced yet). */
  estimated?: boolean;
  /** Where the row came from (file and line, page and index), for rejected-row reports. */
  origin?: string;
}

/** A cost domain a source loads, when it is not a plain DIRECT one named by its key. */
export interface CostSourceDomain {
  key: string;
  name: string;
  mode: DomainMode;
  /** For INDIRECT domains: the key of the distribution method, e.g. `components`. */
  indirectMethodKey?: string;
  /** For INDIRECT domains: how the method is shown, e.g. "split by number of components". */
  indirectLabel?: string;
}

/** A module that yields a month of consumption rows. */
export interface CostSource {
  /** Unique key of this source instance, e.g. `aws:prod-payer`. */
  readonly key: string;
  /** How many months back the first runs fill (default 2); the current and previous months are always reloaded. */
  readonly backfillMonths?: number;
  /** Declarations of the domains it loads, where they are not plain DIRECT ones. */
  readonly domains?: CostSourceDomain[];
  /** Reads one month; the batch maps, validates and loads the rows. */
  readMonth(request: CostSourceRequest): AsyncIterable<CostSourceRow>;
}
