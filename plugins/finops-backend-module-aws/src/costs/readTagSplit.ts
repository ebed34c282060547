import { Expression } from '@aws-sdk/client-cost-explorer';
import { CostExplorerCalls } from '../commandPages';
import { costAndUsagePages } from './costAndUsagePages';
import { add, Figures, zero } from './Figures';

/** A day of a [USAGE_TYPE, TAG] query: usage type → tag value → figures. */
export type TagDay = Map<string, Map<string, Figures>>;

/** The [USAGE_TYPE, TAG:key] figures by day; AWS names tag groups `key$value` (`key$` untagged). */
export async function readTagSplit(
  calls: CostExplorerCalls,
  period: { Start: string; End: string },
  filter: Expression,
  tagKey: string,
): Promise<Map<string, TagDay>> {
  const days = new Map<string, TagDay>();
  for await (const page of costAndUsagePages(calls, period, filter, [
    { Type: 'DIMENSION', Key: 'USAGE_TYPE' },
    { Type: 'TAG', Key: tagKey },
  ])) {
    for (const result of page.ResultsByTime ?? []) {
      const day = result.TimePeriod?.Start;
      if (!day) {
        continue;
      }
      const byUsage: TagDay = days.get(day) ?? new Map();
      days.set(day, byUsage);
      for (const group of result.Groups ?? []) {
        const [usageType = '', tag = ''] = group.Keys ?? [];
        const value = tag.startsWith(`${tagKey}$`)
          ? tag.slice(tagKey.length + 1)
          : tag;
        const byValue = byUsage.get(usageType) ?? new Map<string, Figures>();
        byUsage.set(usageType, byValue);
        const figures = byValue.get(value) ?? zero();
        add(figures, group.Metrics);
        byValue.set(value, figures);
      }
    }
  }
  return days;
}
