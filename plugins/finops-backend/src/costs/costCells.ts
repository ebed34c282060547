import { DomainMode } from '@finops-backstage/plugin-finops-common';
import type { CostGroupBy } from './CostStore';

/** The SQL of each grouping's key and label, over the joins of a cost query. */
export const GROUP_KEYS: Record<CostGroupBy, { key: string; label: string }> = {
  domain: { key: 'd.domain_key', label: 'd.name' },
  family: { key: 'fa.family_key', label: 'fa.name' },
  product: { key: 'p.product_key', label: 'p.name' },
  account: {
    key: "coalesce(ac.account_key, 'none')",
    label: "coalesce(ac.name, 'No account')",
  },
  region: {
    key: "coalesce(p.region, 'global')",
    label: "coalesce(p.region, 'global')",
  },
  component: {
    key: "coalesce(ap.entity_ref, 'unallocated')",
    label: 'ap.name',
  },
};

/**
 * A row of the answer in a month: a product's quantity and cents, or (product fields and unit price
 * null, `priced` true) the sum of the priced products of a direct domain in that row, which is all
 * the answer needs of them. The domain's key and label are those of an indirect domain (its
 * shares are listed apart); the rows summed by month leave them null for a direct one.
 */
export interface AnswerRow {
  month: string;
  mode: DomainMode;
  key: string;
  label: string | null;
  unit: string | null;
  domain_key: string | null;
  domain_label: string | null;
  method_key: string | null;
  product_key: string;
  product_name: string;
  product_unit: string;
  quantity: string;
  unit_price: string | null;
  /** The product has a unit price in the view (an unpriced quantity is listed apart). */
  priced: boolean;
}

/** One application's quantity of a product on an account in a month: the unit of rounding. */
export interface AtomRow extends AnswerRow {
  app: number;
  domain_id: number;
  product_id: number;
  account_id: number;
}

/**
 * A row of the answer while it is summed: its cents (already allocated, a whole number, summed in
 * integers) and the exact quantities of its parts (summed when the answer shows them).
 */
export interface Cell {
  key: string;
  label: string | null;
  mode: DomainMode;
  unit: string | null;
  period: string;
  cents: number;
  quantities: string[];
}

export function compareText(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

export function cellId(
  row: Pick<Cell, 'key' | 'label' | 'mode' | 'unit'>,
  period: string,
): string {
  return `${row.key}\u0000${row.label ?? ''}\u0000${row.mode}\u0000${
    row.unit ?? ''
  }\u0000${period}`;
}

export function cellOf(
  cells: Map<string, Cell>,
  row: Pick<Cell, 'key' | 'label' | 'mode' | 'unit'>,
  period: string,
): Cell {
  const id = cellId(row, period);
  let cell = cells.get(id);
  if (!cell) {
    cell = {
      key: row.key,
      label: row.label,
      mode: row.mode,
      unit: row.unit,
      period,
      cents: 0,
      quantities: [],
    };
    cells.set(id, cell);
  }
  return cell;
}
