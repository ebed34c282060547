import {
  ComparedMovers,
  amountOfCents,
  shareOutCents,
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

/** {@link moversOfShares} of product-months: their exact terms split into cents. */
export function moversOf(
  rows: ReadonlyArray<ComparedProductMonth>,
  difference: Decimal,
): ComparedMovers {
  const products = comparedProducts(rows);
  const totals = TERMS.map(term =>
    sumOf(products.map(p => p.terms[term]))
      .toDecimalPlaces(2, Decimal.ROUND_HALF_UP)
      .times(100)
      .toNumber(),
  );
  const shares = products.map(({ terms, ...product }) => {
    const cents = TERMS.map(term => terms[term].times(100));
    return {
      ...product,
      floors: cents.map(c => c.floor().toNumber()),
      fractions: cents.map(c => c.minus(c.floor()).toFixed()),
    };
  });
  return moversOfShares(shares, totals, difference);
}

/** A product's four terms shared out in cents (integers), with its quantities as summed. */
export interface ProductCents {
  productKey: string;
  name: string;
  unit: string;
  q0: Decimal.Value;
  q1: Decimal.Value;
  volume: number;
  price: number;
  added: number;
  removed: number;
}

/**
 * A product's four terms (volume, price, added, removed) split into whole cents rounded down and
 * the fraction of a cent below (see `shareOutCents`): as SQL writes them, or {@link moversOf}.
 */
export type ProductShares = Omit<ComparedProduct, 'terms'> & {
  floors: number[];
  fractions: string[];
};

/** {@link listMovers} of products whose terms are split into cents, shared out by `totals`. */
export function moversOfShares(
  products: ReadonlyArray<ProductShares>,
  totals: ReadonlyArray<number>,
  difference: Decimal,
): ComparedMovers {
  const [volume, price, added, removed] = TERMS.map((_, t) =>
    shareOutCents(
      products.map(p => p.floors[t]),
      products.map(p => p.fractions[t]),
      totals[t],
    ),
  );
  return listMovers(
    products.map(({ floors: _floors, fractions: _fractions, ...p }, i) => ({
      ...p,
      volume: volume[i],
      price: price[i],
      added: added[i],
      removed: removed[i],
    })),
    difference,
  );
}

/**
 * The products that moved most, each split into its volume and price effects and what it has on
 * one side only, in cents. What a comparison's terms hold beyond its products (the indirect
 * shares, which have no quantities, and the rounding of the totals) is `unattributed`. So
 * `Σ increases + Σ decreases + others.difference + unattributed = difference`, to the cent.
 *
 * @param difference - the comparison's difference (current total − baseline total)
 */
export function listMovers(
  products: ReadonlyArray<ProductCents>,
  difference: Decimal,
): ComparedMovers {
  const changes = products.map(product => ({
    product,
    cents: product.volume + product.price + product.added - product.removed,
  }));
  const sorted = [...changes].sort(
    (a, b) =>
      b.cents - a.cents ||
      (a.product.productKey < b.product.productKey ? -1 : 1),
  );
  const increases = sorted.filter(c => c.cents > 0).slice(0, MOVERS_LISTED);
  const decreases = sorted
    .reverse()
    .filter(c => c.cents < 0)
    .slice(0, MOVERS_LISTED);
  const mover = ({ product, cents }: (typeof changes)[number]) => ({
    productKey: product.productKey,
    name: product.name,
    unit: product.unit,
    baselineQuantity: new Decimal(product.q0).toFixed(),
    quantity: new Decimal(product.q1).toFixed(),
    difference: amountOfCents(cents),
    volumeEffect: amountOfCents(product.volume),
    priceEffect: amountOfCents(product.price),
    addedCost: amountOfCents(product.added),
    removedCost: amountOfCents(product.removed),
  });
  const listed = new Set([...increases, ...decreases]);
  const sumOfCents = (list: typeof changes) =>
    list.reduce((sum, c) => sum + c.cents, 0);
  const others = changes.filter(c => !listed.has(c));
  return {
    increases: increases.map(mover),
    decreases: decreases.map(mover),
    others: {
      count: others.length,
      difference: amountOfCents(sumOfCents(others)),
    },
    // What the products do not hold: indirect shares and the rounding of the totals.
    unattributed: difference
      .minus(new Decimal(sumOfCents(changes)).dividedBy(100))
      .toFixed(2),
  };
}
