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
export interface Terms {
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

/** A product's exact terms summed over its product-months, with its quantities on both sides. */
export interface ComparedProduct {
  productKey: string;
  name: string;
  unit: string;
  terms: Terms;
  q0: Decimal.Value;
  q1: Decimal.Value;
}

/** The product-months summed by product, in the order the products first appear. */
export function comparedProducts(
  rows: ReadonlyArray<ComparedProductMonth>,
): ComparedProduct[] {
  const products = new Map<
    string,
    ComparedProduct & { q0: Decimal; q1: Decimal }
  >();
  for (const row of rows) {
    const terms = termsOf(row);
    const product = products.get(row.productKey);
    if (!product) {
      const { productKey, name, unit, q0, q1 } = row;
      products.set(productKey, { productKey, name, unit, terms, q0, q1 });
      continue;
    }
    product.q0 = product.q0.plus(row.q0);
    product.q1 = product.q1.plus(row.q1);
    for (const term of TERMS) {
      if (!terms[term].isZero()) {
        product.terms[term] = product.terms[term].plus(terms[term]);
      }
    }
  }
  return [...products.values()];
}

/** {@link moversOfProducts} of product-months. */
export function moversOf(
  rows: ReadonlyArray<ComparedProductMonth>,
  difference: Decimal,
): ComparedMovers {
  return moversOfProducts(comparedProducts(rows), difference);
}

/**
 * The products that moved most, each split into its volume and price effects and what it has on
 * one side only, in cents. Each term's cents are shared out over the products by largest
 * remainder from the exact terms (ties to the earlier product); what a comparison's term holds
 * beyond its products (the indirect shares, which have no quantities, and the rounding of the
 * totals) is `unattributed`. So `Σ increases + Σ decreases + others.difference + unattributed =
 * difference`, to the cent.
 *
 * @param difference - the comparison's difference (current total − baseline total)
 */
export function moversOfProducts(
  products: ReadonlyArray<ComparedProduct>,
  difference: Decimal,
): ComparedMovers {
  const cents = Object.fromEntries(
    TERMS.map(term => [term, allocateCents(products.map(p => p.terms[term]))]),
  ) as Record<(typeof TERMS)[number], Decimal[]>;
  const movers: ComparedMover[] = products.map((product, i) => {
    const [volume, price, added, removed] = TERMS.map(term => cents[term][i]);
    return {
      productKey: product.productKey,
      name: product.name,
      unit: product.unit,
      baselineQuantity: new Decimal(product.q0).toFixed(),
      quantity: new Decimal(product.q1).toFixed(),
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
