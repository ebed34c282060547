import { z } from 'zod';
import { entityRefSchema, monthSchema, viewKeySchema } from './schemas';

/** Commitment terms. */
export const COMMITMENT_TERMS = ['1y', '3y'] as const;
export type CommitmentTerm = (typeof COMMITMENT_TERMS)[number];

/** Payment options of a commitment. */
export const COMMITMENT_PAYMENT_OPTIONS = [
  'no_upfront',
  'partial_upfront',
  'all_upfront',
] as const;
export type CommitmentPaymentOption =
  (typeof COMMITMENT_PAYMENT_OPTIONS)[number];

/** Key of the pricing view holding the effective rates of an option, e.g. `ri-1y-no-upfront`. */
export function commitmentRateViewKey(
  term: CommitmentTerm,
  paymentOption: CommitmentPaymentOption,
): string {
  return `ri-${term}-${paymentOption.replace('_', '-')}`;
}

/** Query of `GET /api/finops/commitments/coverage`. */
export const commitmentCoverageQuerySchema = z
  .object({
    from: monthSchema,
    to: monthSchema,
    view: viewKeySchema.default('actual'),
    entityRef: entityRefSchema.optional(),
  })
  .strict()
  .refine(q => q.from <= q.to, { message: 'to: must not be before from' });

/** Query of `GET /api/finops/commitments/recommendations`. */
export const commitmentRecommendationsQuerySchema = z
  .object({
    view: viewKeySchema.default('actual'),
    lookbackDays: z.coerce.number().int().min(14).max(365).default(90),
    entityRef: entityRefSchema.optional(),
  })
  .strict();

/** Body of `POST /api/finops/commitments/what-if`. */
export const commitmentWhatIfSchema = z
  .object({
    productKey: z.string().min(1).max(500),
    term: z.enum(COMMITMENT_TERMS),
    paymentOption: z.enum(COMMITMENT_PAYMENT_OPTIONS),
    view: viewKeySchema.default('actual'),
    lookbackDays: z.coerce.number().int().min(14).max(365).default(90),
    /** The entity whose recommendation it is; absent for the estate's. */
    entityRef: entityRefSchema.optional(),
    key: viewKeySchema.optional(),
  })
  .strict();

/**
 * Coverage of a family of commitment-eligible products in a month and one unit, from the billing
 * rows: quantities in different units are never added, so a family metered in hours and in GB
 * has one entry per unit. Hour-like units (`Hrs`, `Hours`, `h`) are reported as `Hours`.
 */
export interface CommitmentCoverage {
  month: string;
  familyKey: string;
  familyName: string;
  /** The unit of both quantities. */
  unit: string;
  /** Usage covered by a commitment (rows that used one), in `unit`. */
  coveredQuantity: string;
  /** Usage at on-demand (standard) rates, in `unit`. */
  onDemandQuantity: string;
  /** covered ÷ (covered + on demand), 0–1; absent without usage. */
  coverage?: string;
  /** Cost of the on-demand usage (in `unit`) in the view. */
  onDemandCost: string;
}

/** Utilisation of one commitment in a month: used and unused commitment quantities. */
export interface CommitmentUtilisation {
  month: string;
  commitmentKey: string;
  name?: string;
  type?: string;
  unit?: string;
  usedQuantity: string;
  unusedQuantity: string;
  /** used ÷ (used + unused), 0–1; absent when neither was reported. */
  utilisation?: string;
  /** The commitment's own charges in the month (purchase / recurring fee) in the view. */
  commitmentCost: string;
  /** The unused share of those charges: waste. */
  waste: string;
}

/** A provider's own figure (e.g. AWS Cost Explorer coverage, utilisation, recommendation). */
export interface ProviderCommitmentFigure {
  sourceKey: string;
  kind: 'coverage' | 'utilization' | 'recommendation';
  commitmentType: string;
  periodStart: string;
  periodEnd: string;
  account?: string;
  service?: string;
  region?: string;
  instanceType?: string;
  term?: string;
  paymentOption?: string;
  figures: Record<string, string>;
}

/** Answer of `GET /api/finops/commitments/coverage`. */
export interface CommitmentCoverageReport {
  from: string;
  to: string;
  view: string;
  currency: string;
  entityRef?: string;
  coverage: CommitmentCoverage[];
  utilisation: CommitmentUtilisation[];
  /** Σ waste over the period. */
  totalWaste: string;
  provider: ProviderCommitmentFigure[];
}

/** One option (term × payment) of a recommendation, priced through its rate view. */
export interface CommitmentOption {
  term: CommitmentTerm;
  paymentOption: CommitmentPaymentOption;
  rateView: string;
  /** Effective rate (upfront amortised) per unit; absent when the rate view prices nothing. */
  rate?: string;
  upfront?: string;
  monthly?: string;
  annualSavings?: string;
  savingsPercent?: string;
  /** Month (1-based) from which the commitment has paid back its upfront; absent when never. */
  breakEvenMonth?: number;
  confidence: 'high' | 'medium' | 'low';
}

/** A purchase recommendation of our own engine for one product (instance type and region). */
export interface CommitmentRecommendation {
  productKey: string;
  productName: string;
  familyKey: string;
  provider: string;
  region?: string;
  instanceType?: string;
  unit: string;
  lookbackDays: number;
  daysWithUsage: number;
  /** Daily usage: the steady baseline (10th percentile), mean and peak. */
  baselineDaily: string;
  meanDaily: string;
  peakDaily: string;
  /** 0–1: 1 − coefficient of variation of daily usage, floored at 0. */
  steadiness: string;
  /** Units committed per hour (whole instances for hourly products). */
  commitment: string;
  /** On-demand unit price in the view, and the cost of the committed usage a year at it. */
  onDemandRate: string;
  annualOnDemandCost: string;
  options: CommitmentOption[];
  /** The best option by annual savings among high / medium confidence ones. */
  best?: { term: CommitmentTerm; paymentOption: CommitmentPaymentOption };
}

/** Answer of `GET /api/finops/commitments/recommendations`. */
export interface CommitmentRecommendationsReport {
  view: string;
  currency: string;
  lookbackDays: number;
  /** Last day of on-demand eligible usage before today (the clock's): the lookback ends there. */
  until?: string;
  entityRef?: string;
  recommendations: CommitmentRecommendation[];
  /** Σ annual savings of the best option of each recommendation. */
  estimatedAnnualSavings: string;
  /** The providers' own recommendations, where a source ingests them. */
  provider: ProviderCommitmentFigure[];
}

/** Answer of `POST /api/finops/commitments/what-if`. */
export interface CommitmentWhatIf {
  view: string;
  parent: string;
  productKey: string;
  /** The multiplier of the parent's price: 1 − covered share × (1 − rate ÷ on-demand rate). */
  multiplier: string;
  coveredShare: string;
  validFrom: string;
}
