import { GetDimensionValuesCommand } from '@aws-sdk/client-cost-explorer';
import { commandPages, CostExplorerCalls } from '../commandPages';

/** A linked account to read; without a configured list, the month's accounts are discovered. */
export interface AwsAccount {
  id: string;
  name?: string;
}

/** Every linked account with costs in the period (GetDimensionValues), sorted by id. */
export async function readAccounts(
  calls: CostExplorerCalls,
  period: { Start: string; End: string },
): Promise<AwsAccount[]> {
  const accounts: AwsAccount[] = [];
  const pages = commandPages(
    calls,
    'GetDimensionValues',
    token =>
      new GetDimensionValuesCommand({
        TimePeriod: period,
        Dimension: 'LINKED_ACCOUNT',
        Context: 'COST_AND_USAGE',
        NextPageToken: token,
      }),
  );
  for await (const page of pages) {
    for (const value of page.DimensionValues ?? []) {
      if (value.Value) {
        accounts.push({
          id: value.Value,
          name: value.Attributes?.description || undefined,
        });
      }
    }
  }
  return accounts.sort((a, b) => a.id.localeCompare(b.id));
}
