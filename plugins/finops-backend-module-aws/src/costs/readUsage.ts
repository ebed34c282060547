import { Expression } from '@aws-sdk/client-cost-explorer';
import { CostExplorerCalls } from '../commandPages';
import { costAndUsagePages } from './costAndUsagePages';
import { add, Figures, zero } from './Figures';

/** Figures of one (service, usage type) of one account and day: what the bill says. */
export interface ServiceUsage extends Figures {
  service: string;
  usageType: string;
  unit: string;
  currency: string;
}

/** A day of the [SERVICE, USAGE_TYPE] query. */
export interface UsageDay {
  estimated: boolean;
  usages: Map<string, ServiceUsage>;
}

/** The [SERVICE, USAGE_TYPE] figures by day. A day may continue on the next page: figures add up. */
export async function readUsage(
  calls: CostExplorerCalls,
  period: { Start: string; End: string },
  filter: Expression,
): Promise<Map<string, UsageDay>> {
  const days = new Map<string, UsageDay>();
  for await (const page of costAndUsagePages(calls, period, filter, [
    { Type: 'DIMENSION', Key: 'SERVICE' },
    { Type: 'DIMENSION', Key: 'USAGE_TYPE' },
  ])) {
    for (const result of page.ResultsByTime ?? []) {
      const day = result.TimePeriod?.Start;
      if (!day) {
        continue;
      }
      const entry = days.get(day) ?? { estimated: false, usages: new Map() };
      entry.estimated = entry.estimated || result.Estimated === true;
      days.set(day, entry);
      for (const group of result.Groups ?? []) {
        const [service = '', usageType = ''] = group.Keys ?? [];
        const key = `${service}\u0000${usageType}`;
        const usage = entry.usages.get(key) ?? {
          service,
          usageType,
          unit: group.Metrics?.UsageQuantity?.Unit || 'N/A',
          currency: group.Metrics?.UnblendedCost?.Unit || 'USD',
          ...zero(),
        };
        add(usage, group.Metrics);
        entry.usages.set(key, usage);
      }
    }
  }
  return days;
}
