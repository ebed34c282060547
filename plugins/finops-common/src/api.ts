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

/** The difference to a baseline, split into volume effect Σ(q₁−q₀)·p₀ and price effect Σq₁·(p₁−p₀). */
export interface CostComparison {
  baselineTotal: string;
  total: string;
  difference: string;
  volumeEffect: string;
  priceEffect: string;
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
  currency: string;
  from: string;
  to: string;
  granularity: 'month' | 'day';
  groupBy: string;
  comparison?: CostComparison & {
    baseline: { view: string; from: string; to: string };
  };
}

/** A labelled amount of the overview. */
export interface OverviewSlice {
  key: string;
  label?: string;
  cost: string;
}

/** Answer of `GET /api/finops/overview`. */
export interface OverviewResponse {
  view: { key: string; name: string; kind: PricingViewKind };
  currency: string;
  from: string;
  to: string;
  filters: { cloud?: string; account?: string; category?: string };
  total: string;
  days: number;
  averagePerDay: string;
  previousTotal: string;
  /** Change versus the previous period of the same length, in percent; null when it was 0. */
  trendPercent: string | null;
  weekendShare: string;
  topServices: Array<{ provider: string; service: string; cost: string }>;
  byCloud: OverviewSlice[];
  byAccount: OverviewSlice[];
  byRegion: OverviewSlice[];
  byCategory: OverviewSlice[];
  daily: Array<{ day: string; cost: string }>;
  monthly: Array<{ month: string; cost: string }>;
  unpriced: Array<{ productKey: string; name: string; quantity: string }>;
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
