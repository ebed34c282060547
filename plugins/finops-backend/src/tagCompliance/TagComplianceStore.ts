import { TagComplianceReport } from '@finops-backstage/plugin-finops-common';

/** What a tag compliance report is asked for. */
export interface TagComplianceQuery {
  month: string;
  viewId: number;
  view: { key: string; name: string; currency: string };
  /** How many non-compliant resources, and slices per dimension, to list. */
  limit: number;
  /** Months of trend, `month` included. */
  trendMonths: number;
}

/**
 * Tag compliance: the share of a month's DIRECT cost, in a pricing view, whose resources carry
 * the mandatory tags, by cloud, account, service and region; the non-compliant resources; and
 * the trend. Resource tags are those the batch kept per month (`resource_tag_month`); cost that
 * names no resource carries no tag. Costs are `numeric` in SQL, rounded to cents last.
 *
 * The cost judged is what was charged: lines (month × product × account × resource × charge
 * category) of positive cost. Credits (charge category `Credit`) and refunds (any other line of
 * negative cost) are set apart and reported on their own lines: counted in, a credit naming no
 * resource made unallocated cost negative and pushed a tag's share over 100 %.
 */
export interface TagComplianceStore {
  /** The mandatory tags as configured, without case-insensitive duplicates. */
  readonly mandatoryTags: string[];
  report(query: TagComplianceQuery): Promise<TagComplianceReport>;
}
