import { QueryDefinition, QueryGrouping } from '@azure/arm-costmanagement';
import { LoggerService } from '@backstage/backend-plugin-api';
import { QueryResultPage } from '../queryCostManagement';
import { monthBounds } from './months';

/** The cost measures a scope may offer: `Cost` (billing currency), `PreTaxCost` (legacy EA), `CostUSD` (MCA). */
export type AzureCostColumn = 'Cost' | 'PreTaxCost' | 'CostUSD';

/** What the queries of one month of one scope share. */
export interface MonthQuery {
  /** Key of the source, for log messages. */
  sourceKey: string;
  month: string;
  /** The cost measure to sum. Default `Cost`. */
  costColumn?: AzureCostColumn;
  logger?: LoggerService;
  /** Every page of a query; `description` names it in error messages. */
  pages(
    definition: QueryDefinition,
    description: string,
  ): AsyncGenerator<QueryResultPage>;
}

/** A query of the month: daily with the usage quantity, or over the whole month. */
export function queryDefinition(
  query: MonthQuery,
  type: 'ActualCost' | 'AmortizedCost',
  grouping: QueryGrouping[],
  daily: boolean,
): QueryDefinition {
  return {
    type,
    timeframe: 'Custom',
    timePeriod: monthBounds(query.month),
    dataset: {
      ...(daily ? { granularity: 'Daily' } : {}),
      aggregation: {
        totalCost: { name: query.costColumn ?? 'Cost', function: 'Sum' },
        ...(daily
          ? { totalQuantity: { name: 'UsageQuantity', function: 'Sum' } }
          : {}),
      },
      grouping,
    },
  };
}
