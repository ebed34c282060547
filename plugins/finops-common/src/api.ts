import { DomainMode, PricingViewKind } from './types';

/** One row of a cost answer: a group (domain, family, product, …) in one period. */
export interface CostRow {
  key: string;
  label: string;
  mode: DomainMode;
  /** `YYYY-MM` or `YYYY-MM-DD`. */
  period: string;
  /** Decimal string, rounded to the cent. */
  cost: string;
  /** With groupBy product: the quantity and its unit. */
  quantity?: string;
  unit?: string;
}

/** Quantities that no rule of the view prices: never costed at 0, always reported. */
export interface UnpricedQuantity {
  productKey: string;
  name: string;
  unit: string;
  month: string;
  quantity: string;
}

/** What an entity is charged of an INDIRECT domain in a month. */
export interface IndirectShare {
  domainKey: string;
  label: string;
  methodKey?: string;
  month: string;
  coefficient: string;
  amountDistributed: string;
  cost: string;
}

/** A product-month priced on one side of a comparison only: counted whole in the difference. */
export interface ComparedItem {
  productKey: string;
  name: string;
  /** The month of the side where it is priced, `YYYY-MM`. */
  month: string;
  /** `current`: priced only in the current period / view (added); `baseline`: only in the baseline (removed). */
  side: 'current' | 'baseline';
  /** Its cost on that side, rounded to the cent (the items of a side add up to its term). */
  amount: string;
}

/** A product's part in a comparison's difference, in cents: its volume and price effects and what it has on one side only. */
export interface ComparedMover {
  productKey: string;
  name: string;
  unit: string;
  /** Its quantities over each side's period (decimal strings). */
  baselineQuantity: string;
  quantity: string;
  /** `volumeEffect + priceEffect + addedCost − removedCost`. */
  difference: string;
  /** Σ(q₁−q₀)·p₀ over its months priced on both sides: "we used more". */
  volumeEffect: string;
  /** Σq₁·(p₁−p₀) over the same months: "each unit cost more". */
  priceEffect: string;
  addedCost: string;
  removedCost: string;
}

/**
 * The products that moved most: `Σ increases + Σ decreases + others.difference + unattributed =
 * difference`, to the cent. `unattributed` is what no product holds: the indirect shares (they
 * have no quantities) and the rounding of the two totals.
 */
export interface ComparedMovers {
  /** The largest increases (at most 10), largest first. */
  increases: ComparedMover[];
  /** The largest decreases (at most 10), largest first. */
  decreases: ComparedMover[];
  /** The products not listed: how many, and their difference. */
  others: { count: number; difference: string };
  unattributed: string;
}

/**
 * The difference to a baseline that reconciles: `baselineTotal` and `total` are what the costs
 * route answers for each side, and
 * `difference = total − baselineTotal = volumeEffect + priceEffect + addedCost − removedCost`,
 * to the cent. Volume effect Σ(q₁−q₀)·p₀ and price effect Σq₁·(p₁−p₀) are over the product-months
 * priced on both sides; what is priced on one side only is counted whole and listed.
 */
export interface CostComparison {
  baselineTotal: string;
  total: string;
  difference: string;
  volumeEffect: string;
  priceEffect: string;
  /** Cost of the product-months priced only in the current side (new products, months priced only there). */
  addedCost: string;
  /** Cost of the product-months priced only in the baseline (gone, or unpriced in the current side). */
  removedCost: string;
  oneSided: {
    /** The largest items priced on one side only (at most 50, by amount). */
    items: ComparedItem[];
    /** The items not listed: how many, and what they add to each term. */
    omitted: { count: number; addedCost: string; removedCost: string };
  };
  /** The products that moved most, each split into volume and price. */
  movers: ComparedMovers;
}

/** Costs of a set of applications in a view: rows, totals and what could not be priced. */
export interface CostResult {
  total: string;
  direct: string;
  indirect: string;
  rows: CostRow[];
  unpriced: UnpricedQuantity[];
  indirectShares: IndirectShare[];
}

/** Answer of `GET /api/finops/costs`. */
export interface CostResponse extends CostResult {
  entityRef: string;
  view: { key: string; name: string; kind: PricingViewKind };
  /** The view's reporting currency: every amount of the answer is in it. */
  currency: string;
  /** The monthly rates that converted prices billed in another currency (1 `from` = `rate` `to`). */
  exchangeRates: Array<{
    month: string;
    from: string;
    to: string;
    rate: string;
  }>;
  /** Months and currencies billed without a rate to the reporting currency: their products are unpriced. */
  missingExchangeRates?: Array<{ month: string; from: string; to: string }>;
  from: string;
  to: string;
  /** When asked for: the last day included, `YYYY-MM-DD` of the `to` month (the month is cut after it). */
  through?: string;
  granularity: 'month' | 'day';
  groupBy: string;
  /**
   * With `compareTo=previous`, like for like: a period whose last month is the current one is
   * cut after the last loaded day (never after today), `current.through`, and compared with the
   * previous period cut on the same day of its month, `baseline.through` (month to date against
   * the previous month to date). Each side's total is what the route answers with its `through`.
   */
  comparison?: CostComparison & {
    current: ComparedSide;
    baseline: ComparedSide;
  };
}

/** One side of a comparison: a view over months, the last one cut after `through` when given. */
export interface ComparedSide {
  view: string;
  from: string;
  to: string;
  through?: string;
}

/** A labelled amount of the overview. */
export interface OverviewSlice {
  key: string;
  label?: string;
  cost: string;
}

/** A value a filter of the overview accepts, and its display name. */
export interface OverviewFilterValue {
  key: string;
  label: string;
}

/** The values the overview's filters accept (any other is answered 400). */
export interface OverviewFilterValues {
  cloud: OverviewFilterValue[];
  account: OverviewFilterValue[];
  category: OverviewFilterValue[];
}

/**
 * Answer of `GET /api/finops/overview`. Every split and series adds up to `total` to the cent
 * (`topServices` with `otherServices`); a filtered answer has the cents of the unfiltered split.
 */
export interface OverviewResponse {
  view: { key: string; name: string; kind: PricingViewKind };
  currency: string;
  from: string;
  to: string;
  filters: { cloud?: string; account?: string; category?: string };
  /** What the filters accept. */
  filterValues: OverviewFilterValues;
  total: string;
  /**
   * The last day included when the period is cut: asked for, or the last loaded day (never after
   * today) when the period ends with the current month.
   */
  through?: string;
  days: number;
  averagePerDay: string;
  /** The period `previousTotal` is of: as long, cut on the same day of the month (like for like). */
  previous: { from: string; to: string; through?: string };
  previousTotal: string;
  /** Change versus `previous`, in percent; null when it was 0. */
  trendPercent: string | null;
  /** The weekend's share of usage, in percent (recurring monthly charges are left out). */
  weekendShare: string;
  /** The ten most expensive services. */
  topServices: Array<{ provider: string; service: string; cost: string }>;
  /** The services after the top ten: how many, and what they cost. */
  otherServices: { count: number; cost: string };
  byCloud: OverviewSlice[];
  byAccount: OverviewSlice[];
  byRegion: OverviewSlice[];
  byCategory: OverviewSlice[];
  /** `cost` = `usage` + `charges` (recurring monthly charges: indirect shares, fees metered in a currency). */
  daily: Array<{ day: string; cost: string; usage: string; charges: string }>;
  monthly: Array<{ month: string; cost: string }>;
  unpriced: Array<{ productKey: string; name: string; quantity: string }>;
  /**
   * The products that moved most against `previous` (month by month, like for like), each split
   * into volume and price; a product-month held in one period only is new or gone.
   */
  movers: ComparedMovers;
}

/** A pricing view as the API shows it. */
export interface PricingView {
  key: string;
  name: string;
  description: string;
  kind: PricingViewKind;
  currency: string;
  parent?: string;
  /** Written by the ingestion batch (actual, amortized, list, contracted): read-only to users. */
  managed?: boolean;
  createdAt: string;
  updatedAt: string;
}

/** A rule of a pricing view. */
export interface PricingRule {
  id: string;
  product?: string;
  family?: string;
  domain?: string;
  unitPrice?: string;
  multiplier?: string;
  validFrom: string;
  validTo?: string;
}

/** Answer of the bulk rule routes. */
export interface RulesReport {
  added: number;
  rejected: Array<{ index: number; reason: string }>;
  /** A dry run (`?dryRun=true`): nothing was written. */
  dryRun?: boolean;
  /** In a dry run, how many rules would be added (all of them, or none when one is rejected). */
  valid?: number;
}

/** One change in an audit trail. */
export interface AuditRecord {
  eventId: string;
  actorRef: string;
  at: string;
  before?: unknown;
  after?: unknown;
}

/** A cost domain. */
export interface Domain {
  key: string;
  name: string;
  mode: DomainMode;
  indirectMethodKey?: string;
  indirectLabel?: string;
}

/** What a pricing rule can target (`GET /pricing-targets`): a product family or a product. */
export interface PricingRuleTarget {
  key: string;
  name: string;
  /** A family's domain key. */
  domain?: string;
  /** A product's family key. */
  family?: string;
  /** A product's unit. */
  unit?: string;
}
