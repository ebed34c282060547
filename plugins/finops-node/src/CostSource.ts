import {
  DecimalString,
  DomainMode,
} from '@finops-backstage/plugin-finops-common';

/** What the batch asks a cost source for: one month. */
export interface CostSourceRequest {
  /** The month to read, `YYYY-MM`. */
  month: string;
  /** Aborted when the run is cancelled or the backend stops. */
  signal?: AbortSignal;
  /**
   * Call once for every request sent to a provider's API (each page of each call): providers
   * bill some of them (Cost Explorer: 0.01 USD a request), so the ledger counts them per run.
   */
  countRequest?: (operation: string) => void;
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
  /**
   * Set when the source found the row invalid: the batch rejects it with this reason, which names
   * the source's own column and where the row is (`BilledCost 'abc' is not a number (file:11)`).
   */
  invalid?: string;
  /** What the quantity measures (CPU, STORAGE, OPEN_WEIGHT, …). */
  consumptionMetric?: string;
  /** True while the provider may still revise the row (the month is not invoiced yet). */
  estimated?: boolean;
  /** Where the row came from (file and line, page and index), for rejected-row reports. */
  origin?: string;
  /**
   * The same consumption priced at list prices (FOCUS ListCost), in `currency`. When every row of
   * a product-month carries it, the batch fills the `list` pricing view with Σ list ÷ Σ quantity.
   */
  listAmount?: DecimalString;
  /** At contracted (negotiated) prices (FOCUS ContractedCost); fills the `contracted` view likewise. */
  contractedAmount?: DecimalString;
  /** Amortized: upfront commitment fees spread over usage (FOCUS EffectiveCost, AWS AmortizedCost); fills the `amortized` view. */
  amortizedAmount?: DecimalString;
  /** FOCUS ChargeCategory: Usage, Purchase, Tax, Credit, Adjustment. */
  chargeCategory?: ChargeCategory;
  /** FOCUS PricingCategory: Standard (on-demand), Committed, Dynamic (spot), Other. */
  pricingCategory?: PricingCategory;
  /** The commitment discount (reservation, savings plan) the row used or left unused. */
  commitment?: CostSourceCommitment;
}

/** FOCUS charge categories. */
export type ChargeCategory =
  | 'Usage'
  | 'Purchase'
  | 'Tax'
  | 'Credit'
  | 'Adjustment';

/** FOCUS pricing categories. */
export type PricingCategory = 'Standard' | 'Committed' | 'Dynamic' | 'Other';

/** A commitment discount as a row references it (FOCUS CommitmentDiscount* columns). */
export interface CostSourceCommitment {
  /** Provider's id of the commitment (FOCUS CommitmentDiscountId), e.g. a reservation ARN. */
  id: string;
  name?: string;
  /** Provider's type, e.g. `Reserved Instance`, `Savings Plan`. */
  type?: string;
  /** `Spend` (a monetary commitment) or `Usage` (a quantity of units). */
  category?: 'Spend' | 'Usage';
  /** Whether the row is usage covered by the commitment, or the unused part of it. */
  status?: 'Used' | 'Unused';
  /** Quantity of the commitment consumed or left unused (FOCUS CommitmentDiscountQuantity), as a decimal string. */
  quantity?: DecimalString;
  /** Unit of that quantity (FOCUS CommitmentDiscountUnit), e.g. `Hours`. */
  unit?: string;
}

/**
 * A provider's own figure about commitments for a month: reservation or savings-plan coverage,
 * utilisation, or a purchase recommendation. The batch stores them beside the mart, replacing the
 * source's figures for that month at each run.
 */
export interface CommitmentInsight {
  kind: 'coverage' | 'utilization' | 'recommendation';
  commitmentType: 'reservation' | 'savings_plan';
  /** First and last day the figure covers (for a recommendation: its lookback), `YYYY-MM-DD`. */
  periodStart: string;
  periodEnd: string;
  account?: string;
  service?: string;
  region?: string;
  /** Instance type or family the figure concerns, where it has one. */
  instanceType?: string;
  /** For recommendations. */
  term?: '1y' | '3y';
  paymentOption?: 'no_upfront' | 'partial_upfront' | 'all_upfront';
  /**
   * The figures, exact decimal strings keyed by camelCase names: e.g. `coveredHours`,
   * `onDemandHours`, `coveragePercent`, `purchasedHours`, `usedHours`, `unusedHours`,
   * `utilizationPercent`, `netSavings`, `upfrontCost`, `recurringMonthlyCost`,
   * `estimatedMonthlySavings`, `estimatedSavingsPercent`, `recommendedUnits`.
   */
  figures: Record<string, DecimalString>;
  /** Anything else worth showing (e.g. the provider's recommendation id). */
  attributes?: Record<string, string>;
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

/** A month a source's data holds. */
export interface SourceMonth {
  /** `YYYY-MM`. */
  month: string;
  /**
   * Identifies the month's current delivery (a manifest's version, the files' versions): when it
   * changes, the month was delivered again (restated) and is loaded again, even if final.
   */
  stamp?: string;
}

/** What the batch asks a source for when it lists its months. */
export type SourceMonthsRequest = Omit<CostSourceRequest, 'month'>;

/**
 * Thrown by a source whose month cannot be loaded whole (a file of the delivery is missing, cut
 * or shorter than its manifest says): the batch refuses the month, keeps its previous data, and
 * the ledger says `refused: incomplete delivery: <message>`.
 */
export class IncompleteDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IncompleteDeliveryError';
  }
}

/** A module that yields a month of consumption rows. */
export interface CostSource {
  /** Unique key of this source instance, e.g. `aws:prod-payer`. */
  readonly key: string;
  /** How many months back the first runs fill (default 2); the current and previous months are always reloaded. */
  readonly backfillMonths?: number;
  /** Declarations of the domains it loads, where they are not plain DIRECT ones. */
  readonly domains?: CostSourceDomain[];
  /**
   * Optional: the months the source's data holds. When a source has it, the batch loads the
   * months it lists within `maxMonths` (not those already final with the same stamp) instead of
   * a fixed window, and reports the months it left out.
   */
  listMonths?(request: SourceMonthsRequest): Promise<SourceMonth[]>;
  /** With `listMonths`: how many months back, the current one included, are loaded (default 36). */
  readonly maxMonths?: number;
  /** Reads one month; the batch maps, validates and loads the rows. */
  readMonth(request: CostSourceRequest): AsyncIterable<CostSourceRow>;
  /**
   * Optional: the provider's commitment figures for the month (coverage, utilisation, and for the
   * current month purchase recommendations). Called after `readMonth` for each month loaded.
   */
  readCommitmentInsights?(
    request: CostSourceRequest,
  ): AsyncIterable<CommitmentInsight>;
}
