import { QueryGrouping } from '@azure/arm-costmanagement';
import Decimal from 'decimal.js';
import { columnReader, COST_COLUMNS, dayOf, decimalOf } from './columnReader';
import { MonthQuery, queryDefinition } from './MonthQuery';

/** Σ cost and Σ quantity of one (day, meter, group, currency). */
export interface Cell {
  day: string;
  meterId: string;
  group: string;
  currency?: string;
  cost: Decimal;
  quantity: Decimal;
}

/**
 * The daily cells of one cost type, keyed by day, meter, group and currency. `grouping` is
 * MeterId and the group (the tag, or the subscription); `groupColumns` the names the group's
 * column may have in a page.
 */
export async function readCells(
  query: MonthQuery,
  type: 'ActualCost' | 'AmortizedCost',
  grouping: QueryGrouping[],
  groupColumns: string[],
): Promise<Map<string, Cell>> {
  const { month } = query;
  const cells = new Map<string, Cell>();
  let pageNumber = 0;
  for await (const page of query.pages(
    queryDefinition(query, type, grouping, true),
    `${type} daily ${month}`,
  )) {
    pageNumber += 1;
    if (page.rows.length === 0) {
      continue;
    }
    const where = `Azure Cost Management ${type} ${month} page ${pageNumber}`;
    const columns = columnReader(page);
    const costColumn = columns.find('totalCost', ...COST_COLUMNS);
    const quantityColumn = columns.find('totalQuantity', 'UsageQuantity');
    const groupColumn = columns.find(...groupColumns);
    if (!costColumn || !columns.has('UsageDate') || !columns.has('MeterId')) {
      throw new Error(
        `${where}: expected columns UsageDate, MeterId and a cost, got ${page.columns
          .map(column => column.name)
          .join(', ')}`,
      );
    }
    for (const row of page.rows) {
      const day = dayOf(columns.get(row, 'UsageDate'));
      if (!day) {
        throw new Error(
          `${where}: bad UsageDate '${columns.get(row, 'UsageDate')}'`,
        );
      }
      const meterId = columns.get(row, 'MeterId') ?? '';
      const group = groupColumn ? columns.get(row, groupColumn) ?? '' : '';
      const currency =
        query.costColumn === 'CostUSD'
          ? 'USD'
          : columns.get(row, 'Currency') ?? undefined;
      const key = [day, meterId, group, currency ?? ''].join('\u0000');
      const cell = cells.get(key) ?? {
        day,
        meterId,
        group,
        currency,
        cost: new Decimal(0),
        quantity: new Decimal(0),
      };
      cell.cost = cell.cost.plus(
        decimalOf(columns.get(row, costColumn), 'cost'),
      );
      cell.quantity = cell.quantity.plus(
        quantityColumn
          ? decimalOf(columns.get(row, quantityColumn), 'UsageQuantity')
          : 0,
      );
      cells.set(key, cell);
    }
  }
  return cells;
}
