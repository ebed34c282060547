import {
  Expression,
  GetCostAndUsageCommand,
  GetCostAndUsageCommandOutput,
} from '@aws-sdk/client-cost-explorer';
import { commandPages, CostExplorerCalls } from '../commandPages';

/** The metrics every query asks for, summed into {@link Figures}. */
const METRICS = ['UnblendedCost', 'AmortizedCost', 'UsageQuantity'];

/** Every page of a DAILY GetCostAndUsage query. */
export function costAndUsagePages(
  calls: CostExplorerCalls,
  period: { Start: string; End: string },
  filter: Expression,
  groupBy: Array<{ Type: 'DIMENSION' | 'TAG'; Key: string }>,
): AsyncGenerator<GetCostAndUsageCommandOutput> {
  return commandPages(
    calls,
    'GetCostAndUsage',
    token =>
      new GetCostAndUsageCommand({
        TimePeriod: period,
        Granularity: 'DAILY',
        Metrics: METRICS,
        Filter: filter,
        GroupBy: groupBy,
        NextPageToken: token,
      }),
  );
}
