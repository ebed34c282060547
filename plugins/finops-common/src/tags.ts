import { z } from 'zod';
import { UnpricedQuantity } from './api';
import { monthSchema, viewKeySchema } from './schemas';

/** The tags every resource should carry when `finops.tagCompliance.mandatoryTags` names none. */
export const DEFAULT_MANDATORY_TAGS = [
  'Owner',
  'Environment',
  'Team',
  'CostCenter',
  'Project',
];

/** The dimensions tag compliance is broken down by. */
export const TAG_COMPLIANCE_DIMENSIONS = [
  'cloud',
  'account',
  'service',
  'region',
] as const;
export type TagComplianceDimension = (typeof TAG_COMPLIANCE_DIMENSIONS)[number];

/** Query of `GET /api/finops/tag-compliance`. */
export const tagComplianceQuerySchema = z
  .object({
    month: monthSchema,
    view: viewKeySchema.default('actual'),
    /** How many non-compliant resources, and slices per dimension, to list (1–500, default 50). */
    limit: z.coerce.number().int().min(1).max(500).default(50),
    /** Months of trend up to `month` (1–24, default 6). */
    trendMonths: z.coerce.number().int().min(1).max(24).default(6),
  })
  .strict();

/** Cost carrying one mandatory tag. */
export interface TagCoverage {
  tag: string;
  /** Cost of the rows whose resource carries the tag with a non-empty value. */
  taggedCost: string;
  /** taggedCost ÷ total cost, percent with 2 decimals; null when the total is 0. */
  percent: string | null;
}

/** A slice of a dimension (a cloud, an account, a service, a region) and its compliance. */
export interface TagComplianceSlice {
  key: string;
  label: string;
  cost: string;
  /** Share of the slice's cost carrying every mandatory tag, percent; null when its cost is 0. */
  compliantPercent: string | null;
  tags: TagCoverage[];
}

/** A resource that misses at least one mandatory tag, with its cost in the month. */
export interface NonCompliantResource {
  /** The provider's id, e.g. an ARN; absent for cost that names no resource. */
  resourceKey?: string;
  name?: string;
  provider: string;
  accountKey?: string;
  service: string;
  region?: string;
  cost: string;
  missing: string[];
  /** The tags the resource carries. */
  tags: Record<string, string>;
}

/**
 * Cost of the month set apart from the cost judged, on a line of its own: credits (charge
 * category `Credit`) and refunds (any other line of negative cost). They carry no share: counted
 * in, a credit naming no resource made the unallocated cost negative and shares exceed 100 %.
 */
export interface TagComplianceSetApart {
  kind: 'credit' | 'refund';
  /** Σ of the lines, usually negative. */
  cost: string;
  /** How many lines (product × account × resource) it holds. */
  lines: number;
}

/** Answer of `GET /api/finops/tag-compliance`. */
export interface TagComplianceReport {
  month: string;
  view: { key: string; name: string };
  currency: string;
  mandatoryTags: string[];
  /**
   * The cost judged: the DIRECT cost lines of the month in the view with a positive cost
   * (indirect shares carry no tags; credits and refunds are in `setApart`). Every share below
   * is a part of it, within 0–100 %.
   */
  total: string;
  /** Cost carrying every mandatory tag. */
  compliantCost: string;
  compliantPercent: string | null;
  /** Cost carrying none of the mandatory tags (including cost that names no resource). */
  unallocatedCost: string;
  unallocatedPercent: string | null;
  /** Of the unallocated cost: the lines that name no resource (tax, support, fees), untaggable. */
  withoutResourceCost: string;
  /** Credits and refunds of the month, one line per kind present, not judged. */
  setApart: TagComplianceSetApart[];
  /** The month's DIRECT cost in the view, net: total + Σ setApart (each rounded on its own). */
  netCost: string;
  tags: TagCoverage[];
  by: Record<TagComplianceDimension, TagComplianceSlice[]>;
  /** Non-compliant resources, costliest first (at most `limit`). */
  resources: NonCompliantResource[];
  /** How many non-compliant resources there are in all. */
  resourceCount: number;
  /** Month by month up to `month`. */
  trend: Array<{
    month: string;
    total: string;
    compliantPercent: string | null;
    unallocatedCost: string;
    tags: TagCoverage[];
  }>;
  /** Quantities the view prices no rule for: their cost is not counted. */
  unpriced: UnpricedQuantity[];
}
