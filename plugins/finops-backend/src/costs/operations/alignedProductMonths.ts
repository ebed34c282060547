import { shiftMonth } from '@finops-backstage/plugin-finops-common';
import Decimal from 'decimal.js';
import { ComparedProductMonth } from '../movers';
import type { Allocated } from './getOverview';

const ZERO = new Decimal(0);

/**
 * The estate's product-months of both periods, aligned like for like (a month of the current
 * period with the month as far into the previous one), with their quantities and unit prices,
 * from the atoms the overview has already read (no query of its own). A product-month held in one
 * period only has no price in the other: it is new (or gone) in the estate.
 */
export function alignedProductMonths(
  current: Allocated[],
  previous: Allocated[],
  shift: number,
): ComparedProductMonth[] {
  const aligned = new Map<string, ComparedProductMonth>();
  const add = (atom: Allocated, month: string, side: 0 | 1) => {
    const id = `${atom.product_key}\u0000${month}`;
    let row = aligned.get(id);
    if (!row) {
      row = {
        productKey: atom.product_key,
        name: atom.product_name,
        unit: atom.unit,
        q1: ZERO,
        q0: ZERO,
        p1: null,
        p0: null,
      };
      aligned.set(id, row);
    }
    // Most product-months are one atom (one account): no sum to make.
    const quantity = new Decimal(atom.quantity);
    if (side === 1) {
      row.q1 = row.q1.isZero() ? quantity : row.q1.plus(quantity);
      row.p1 = atom.unit_price;
    } else {
      row.q0 = row.q0.isZero() ? quantity : row.q0.plus(quantity);
      row.p0 = atom.unit_price;
    }
  };
  current.forEach(atom => add(atom, atom.month, 1));
  previous.forEach(atom => add(atom, shiftMonth(atom.month, shift), 0));
  return [...aligned.values()];
}
