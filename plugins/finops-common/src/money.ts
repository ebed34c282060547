import Decimal from 'decimal.js';

/**
 * A decimal number as text, the way PostgreSQL's `numeric` reaches TypeScript.
 * Money and quantities stay in this form (or in Decimal) and are never summed as floats.
 */
export type DecimalString = string;

const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/;

/** Reads a decimal string, refusing anything that is not a plain finite decimal number. */
export function parseDecimal(value: string): Decimal {
  const text = value.trim();
  if (!DECIMAL_PATTERN.test(text)) {
    throw new TypeError(`Not a decimal number: '${value}'`);
  }
  return new Decimal(text);
}

/** Cost = quantity × unit price, exactly. */
export function costOf(
  quantity: DecimalString,
  unitPrice: DecimalString,
): DecimalString {
  return parseDecimal(quantity).times(parseDecimal(unitPrice)).toFixed();
}

/** Exact sum of decimal strings; the empty sum is "0". */
export function sumDecimals(values: Iterable<DecimalString>): DecimalString {
  let total = new Decimal(0);
  for (const value of values) {
    total = total.plus(parseDecimal(value));
  }
  return total.toFixed();
}

/** Rounds to cents (half away from zero), for display and reconciliation with an invoice. */
export function toCents(value: DecimalString): DecimalString {
  return parseDecimal(value)
    .toDecimalPlaces(2, Decimal.ROUND_HALF_UP)
    .toFixed(2);
}
