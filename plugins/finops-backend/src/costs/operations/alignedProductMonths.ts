import { shiftMonth } from '@finops-backstage/plugin-finops-common';
import Decimal from 'decimal.js';
import { ComparedProductMonth } from '../movers';
import type { Allocated } from './getOverview';

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
    const row = aligned.get(id) ?? {
      productKey: atom.product_key,
      name: atom.product_name,
      unit: atom.unit,
      q1: new Decimal(0),
      q0: new Decimal(0),
      p1: null,
      p0: null,
    };
    if (side === 1) {
      row.q1 = row.q1.plus(atom.quantity);
      row.p1 = atom.unit_price;
    } else {
      row.q0 = row.q0.plus(atom.quantity);
      row.p0 = atom.unit_price;
    }
    aligned.set(id, row);
  };
  current.forEach(atom => add(atom, atom.month, 1));
  previous.forEach(atom => add(atom, shiftMonth(atom.month, shift), 0));
  return [...aligned.values()];
}
