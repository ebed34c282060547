import Decimal from 'decimal.js';

/** Enough digits for a product of two Cost Explorer amounts, so splits are exact where they can be. */
export const Exact = Decimal.clone({
  precision: 80,
  rounding: Decimal.ROUND_DOWN,
});

/** Decimal places of the parts of a split (Cost Explorer amounts have at most about ten). */
const PLACES = 15;

/**
 * Splits `total` in proportion to `weights`: every part but the last one with a weight is
 * truncated to 15 places and the last one takes the remainder, so the parts add up to `total`
 * exactly. When the weights add up to zero, undefined: the caller decides.
 */
export function splitExactly(
  total: Decimal,
  weights: Decimal[],
): Decimal[] | undefined {
  const sum = weights.reduce((a, b) => a.plus(b), new Exact(0));
  if (sum.isZero()) {
    return undefined;
  }
  let last = -1;
  for (const [index, weight] of weights.entries()) {
    if (!weight.isZero()) {
      last = index;
    }
  }
  const parts = weights.map((weight, index) =>
    index === last || weight.isZero()
      ? new Exact(0)
      : new Exact(total)
          .times(weight)
          .dividedBy(sum)
          .toDecimalPlaces(PLACES, Decimal.ROUND_DOWN),
  );
  parts[last] = new Exact(total).minus(
    parts.reduce((a, b) => a.plus(b), new Exact(0)),
  );
  return parts;
}
