import { DataColumn } from './DataTable';
import { formatMoney, formatShare } from './format';

/** A column of amounts in `currency`, sorted by their value. */
export function moneyColumn<T>(
  id: string,
  title: string,
  amount: (row: T) => string,
  currency: string,
): DataColumn<T> {
  return {
    id,
    title,
    numeric: true,
    sortValue: row => Number(amount(row)),
    render: row => formatMoney(amount(row), currency),
  };
}

/** The column `share`: each row's cost as a share of `total`, sorted by the cost. */
export function shareColumn<T>(
  cost: (row: T) => string,
  total: string,
): DataColumn<T> {
  return {
    id: 'share',
    title: 'Share',
    numeric: true,
    sortValue: row => Number(cost(row)),
    render: row => formatShare(cost(row), total),
  };
}
