import Decimal from 'decimal.js';

/**
 * Rounds exact amounts to cents so that the rounded amounts add up exactly to the rounded sum
 * (largest remainder): each amount is rounded down, then the cents left over go to the amounts
 * that lost most. Ties go to the earlier amount, so the answer is deterministic.
 */
export function allocateCents(amounts: Decimal[]): Decimal[] {
  const total = amounts
    .reduce((sum, amount) => sum.plus(amount), new Decimal(0))
    .toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  const floors = amounts.map(amount =>
    amount.toDecimalPlaces(2, Decimal.ROUND_FLOOR),
  );
  let left = total
    .minus(floors.reduce((sum, value) => sum.plus(value), new Decimal(0)))
    .times(100)
    .toNumber();
  const order = amounts
    .map((amount, index) => ({ index, rest: amount.minus(floors[index]) }))
    .sort((a, b) => b.rest.comparedTo(a.rest) || a.index - b.index);
  const result = [...floors];
  // `left` is a whole number of cents between 0 and the number of amounts.
  for (const { index } of order) {
    if (left <= 0) break;
    result[index] = result[index].plus('0.01');
    left -= 1;
  }
  return result;
}
