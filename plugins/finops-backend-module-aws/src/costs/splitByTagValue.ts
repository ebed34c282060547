import Decimal from 'decimal.js';
import { Figures, FIGURES, zero } from './Figures';
import { splitExactly } from './splitExactly';

/**
 * Splits figures over tag values in the proportions of the tag query: each figure by its own
 * weights, or, where those add up to zero, by the first of quantity, billed, amortized that does
 * not; with no weights at all, everything stays untagged (`''`).
 */
export function splitByTagValue(
  figures: Figures,
  shares: Map<string, Figures> | undefined,
): Map<string, Figures> {
  const values = [...(shares?.keys() ?? [])].sort();
  const result = new Map<string, Figures>();
  if (!shares || values.length === 0) {
    result.set('', figures);
    return result;
  }
  for (const value of values) {
    result.set(value, zero());
  }
  for (const figure of FIGURES) {
    let parts: Decimal[] | undefined;
    for (const weight of [figure, ...FIGURES]) {
      parts ??= splitExactly(
        figures[figure],
        values.map(value => shares.get(value)![weight]),
      );
    }
    if (!parts) {
      const untagged = result.get('') ?? zero();
      untagged[figure] = figures[figure];
      result.set('', untagged);
      continue;
    }
    for (const [index, value] of values.entries()) {
      result.get(value)![figure] = parts[index];
    }
  }
  return result;
}
