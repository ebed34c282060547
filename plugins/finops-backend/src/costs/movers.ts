import {
  ComparedMover,
  ComparedMovers,
  allocateCents,
  sumOf,
} from '@finops-backstage/plugin-finops-common';
import Decimal from 'decimal.js';

/** The largest increases and the largest decreases listed, each. */
export const MOVERS_LISTED = 10;

/** One product-month of a comparison: its quantities and unit prices on both sides. */
export interface ComparedProductMonth {
  productKey: string;
  name: string;
  unit: string;
  q1: Decimal;
  q0: Decimal;
  /** Unit prices; `null` where the side does not price it. */
  p1: string | null;
  p0: string | null;
}

/** The four exact terms of a product (or of a whole comparison). */
interface Terms {
  volume: Decimal;
  price: Decimal;
  added: Decimal;
  removed: Decimal;
}

const TERMS = ['volume', 'price', 'added', 'removed'] as const;

/** The exact terms of one product-month: volume and price when both sides price it, else whole. */
export function termsOf(row: ComparedProductMonth): Terms {
  const zero = new Decimal(0);
  if (row.p1 !== null && row.p0 !== null) {
    // The common cases (same price, same quantity) cost no arithmetic: an estate has thousands.
    return {
      volume: row.q1.eq(row.q0) ? zero : row.q1.minus(row.q0).times(row.p0),
      price:
        row.p1 === row.p0
          ? zero
          : row.q1.times(new Decimal(row.p1).minus(row.p0)),
      added: zero,
      removed: zero,
    };
  }
  return {
    volume: zero,
    price: zero,
    added: row.p1 !== null ? row.q1.times(row.p1) : zero,
    removed: row.p0 !== null ? row.q0.times(row.p0) : zero,
  };
}

/**
 * The products that moved most, each split into its volume and price effects and what it has on
 * one side only, in cents. Each term's cents are shared out over the products by largest
 * remainder from the exact terms; what a comparison's term holds beyond its products (the
 * indirect shares, which have no quantities, and the rounding of the totals) is `unattributed`.
 * So `Σ increases + Σ decreases + others.difference + unattributed = difference`, to the cent.
 *
 * @param difference - the comparison's difference (current total − baseline total)
 */
export function moversOf(
  rows: ReadonlyArray<ComparedProductMonth>,
  difference: Decimal,
): ComparedMovers {
  const products = new Map<
    string,
    { row: ComparedProductMonth; months: ComparedProductMonth[]; terms: Terms }
  >();
  for (const row of rows) {
    const terms = termsOf(row);
    const product = products.get(row.productKey);
    if (!product) {
      products.set(row.productKey, { row, months: [row], terms });
      continue;
    }
    product.months.push(row);
    for (const term of TERMS) {
      if (!terms[term].isZero()) {
        product.terms[term] = product.terms[term].plus(terms[term]);
      }
    }
  }
  const list = [...products.values()];
  const cents = Object.fromEntries(
    TERMS.map(term => [term, allocateCents(list.map(p => p.terms[term]))]),
  ) as Record<(typeof TERMS)[number], Decimal[]>;
  const movers: ComparedMover[] = list.map((product, i) => {
    const [volume, price, added, removed] = TERMS.map(term => cents[term][i]);
    return {
      productKey: product.row.productKey,
      name: product.row.name,
      unit: product.row.unit,
      // Summed for the listed movers only (below): an estate has thousands of product-months.
      baselineQuantity: '',
      quantity: '',
      difference: volume.plus(price).plus(added).minus(removed).toFixed(2),
      volumeEffect: volume.toFixed(2),
      priceEffect: price.toFixed(2),
      addedCost: added.toFixed(2),
      removedCost: removed.toFixed(2),
    };
  });
  const attributed = sumOf(movers.map(mover => mover.difference));
  const byDifference = (a: ComparedMover, b: ComparedMover) =>
    new Decimal(b.difference).comparedTo(a.difference) ||
    (a.productKey < b.productKey ? -1 : 1);
  const sorted = [...movers].sort(byDifference);
  const increases = sorted
    .filter(mover => new Decimal(mover.difference).gt(0))
    .slice(0, MOVERS_LISTED);
  const decreases = sorted
    .reverse()
    .filter(mover => new Decimal(mover.difference).lt(0))
    .slice(0, MOVERS_LISTED);
  const listed = new Set([...increases, ...decreases]);
  for (const mover of listed) {
    const { months } = products.get(mover.productKey)!;
    mover.baselineQuantity = sumOf(months.map(month => month.q0)).toFixed();
    mover.quantity = sumOf(months.map(month => month.q1)).toFixed();
  }
  const others = movers.filter(mover => !listed.has(mover));
  return {
    increases,
    decreases,
    others: {
      count: others.length,
      difference: sumOf(others.map(mover => mover.difference)).toFixed(2),
    },
    // What the products do not hold: indirect shares and the rounding of the totals.
    unattributed: difference.minus(attributed).toFixed(2),
  };
}
