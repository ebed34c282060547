import Decimal from 'decimal.js';
import { QueryResultPage } from '../queryCostManagement';

/** The names a page's cost column may have, after the query's own `totalCost`. */
export const COST_COLUMNS = [
  'Cost',
  'PreTaxCost',
  'CostUSD',
  'CostInBillingCurrency',
];

/** Reads columns by name, whatever their order in a page. */
export function columnReader(page: QueryResultPage) {
  const index = new Map(
    page.columns.map((column, i) => [column.name.toLowerCase(), i]),
  );
  return {
    has: (name: string) => index.has(name.toLowerCase()),
    find: (...names: string[]) =>
      names.find(name => index.has(name.toLowerCase())),
    get: (row: Array<string | null>, name: string): string | null => {
      const i = index.get(name.toLowerCase());
      return i === undefined ? null : row[i] ?? null;
    },
  };
}

/** `20261101` (the API's number) or `2026-11-01T00:00:00` to `2026-11-01`. */
export function dayOf(value: string | null): string | undefined {
  if (value === null) {
    return undefined;
  }
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (compact) {
    return `${compact[1]}-${compact[2]}-${compact[3]}`;
  }
  return /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : undefined;
}

/** The exact number of a cell (0 when empty); `what` names it in the error of a bad one. */
export function decimalOf(value: string | null, what: string): Decimal {
  if (value === null || value === '') {
    return new Decimal(0);
  }
  try {
    return new Decimal(value);
  } catch {
    throw new Error(
      `Azure Cost Management returned a bad number for ${what}: '${value}'`,
    );
  }
}
