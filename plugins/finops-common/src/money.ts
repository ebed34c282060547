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

/** An exact amount (a Decimal, a number or a decimal string) rounded to the cent, half away from zero. */
export function roundCents(value: Decimal.Value): DecimalString {
  return new Decimal(value)
    .toDecimalPlaces(2, Decimal.ROUND_HALF_UP)
    .toFixed(2);
}

/** a ÷ b in percent, rounded half away from zero to `places` decimals; null when b is 0. */
export function percentOf(
  a: Decimal.Value,
  b: Decimal.Value,
  places = 1,
): DecimalString | null {
  const whole = new Decimal(b);
  return whole.isZero()
    ? null
    : new Decimal(a)
        .dividedBy(whole)
        .times(100)
        .toDecimalPlaces(places, Decimal.ROUND_HALF_UP)
        .toFixed(places);
}

const CENT = new Decimal('0.01');

const WHOLE_CENTS = /^(-?)(\d+)(?:\.(\d{1,2})0*)?$/;

/**
 * An amount of whole cents as their number, `-12.05` → -1205 (the inverse of
 * {@link amountOfCents}), so that cents already allocated are summed in integers, exactly. A
 * fraction of a cent, or an amount too large to be exact in JavaScript, is refused.
 */
export function centsOf(amount: DecimalString): number {
  const match = WHOLE_CENTS.exec(amount);
  if (!match) {
    throw new RangeError(`Not an amount of whole cents: '${amount}'`);
  }
  const [, sign, units, hundredths = ''] = match;
  const cents = Number(units) * 100 + Number(hundredths.padEnd(2, '0'));
  if (!Number.isSafeInteger(cents)) {
    throw new RangeError(`Too many cents to count exactly: '${amount}'`);
  }
  return sign ? 0 - cents : cents;
}

/** A whole number of cents as an amount, `-12.05`: sums of cents made in integers shown. */
export function amountOfCents(cents: number): DecimalString {
  if (!Number.isSafeInteger(cents)) {
    throw new RangeError(`Not a safe whole number of cents: ${cents}`);
  }
  const whole = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.floor(whole / 100)}.${String(
    whole % 100,
  ).padStart(2, '0')}`;
}

/**
 * Rounds exact amounts to cents so that they add up exactly to `total` (largest remainder): each
 * amount is rounded down to the cent, then the cents left over go one by one to the amounts that
 * lost most (or, when `total` is below the sum of those, are taken from the amounts that lost
 * least). Ties go to the earlier amount, so the answer is deterministic.
 *
 * `total` defaults to the exact sum rounded half away from zero ({@link toCents}); a caller passes
 * it when the total is fixed elsewhere (the sum of figures already rounded), so that the parts of a
 * figure always add up to the figure shown.
 */
export function allocateCents(
  amounts: ReadonlyArray<Decimal.Value>,
  total?: Decimal.Value,
): Decimal[] {
  const exact = amounts.map(amount =>
    Decimal.isDecimal(amount) ? amount : new Decimal(amount),
  );
  const target = new Decimal(
    total ?? exact.reduce((sum, amount) => sum.plus(amount), new Decimal(0)),
  ).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  const result = exact.map(amount =>
    amount.toDecimalPlaces(2, Decimal.ROUND_FLOOR),
  );
  if (exact.length === 0) {
    if (!target.isZero()) {
      throw new RangeError(`Cannot allocate ${target.toFixed(2)} over nothing`);
    }
    return result;
  }
  let left = target
    .minus(result.reduce((sum, value) => sum.plus(value), new Decimal(0)))
    .dividedBy(CENT)
    .toNumber();
  if (left === 0) return result;
  const order = exact
    .map((amount, index) => ({ index, rest: amount.minus(result[index]) }))
    .sort((a, b) => b.rest.comparedTo(a.rest) || a.index - b.index);
  // Usually 0 ≤ left < amounts.length; a fixed total may need more rounds, or cents taken back.
  for (let i = 0; left > 0; i = (i + 1) % order.length, left -= 1) {
    result[order[i].index] = result[order[i].index].plus(CENT);
  }
  for (let i = order.length - 1; left < 0; left += 1) {
    result[order[i].index] = result[order[i].index].minus(CENT);
    i = i === 0 ? order.length - 1 : i - 1;
  }
  return result;
}

/**
 * {@link allocateCents} in whole cents, for amounts already split into their floor (whole cents,
 * rounded down) and the fraction of a cent below it (`[0, 1)`, as decimal text: exact whatever its
 * digits) — as SQL gives them. `total` is the exact sum rounded half away from zero, in cents:
 * the cents left over then go one each to the largest fractions, the earlier amount on a tie.
 */
export function shareOutCents(
  floors: ReadonlyArray<number>,
  fractions: ReadonlyArray<string>,
  total: number,
): number[] {
  const cents = [...floors];
  const left = total - floors.reduce((sum, floor) => sum + floor, 0);
  if (left === 0) return cents;
  if (left < 0 || left > floors.length) {
    throw new RangeError(`${left} cents left over ${floors.length} amounts`);
  }
  // "0.4500" and "0.45" are one fraction; without trailing zeros, text order is number order.
  const digits = fractions.map(fraction => fraction.replace(/0+$/, ''));
  const order = digits
    .map((fraction, index) => ({ fraction, index }))
    .sort((a, b) => {
      if (a.fraction === b.fraction) return a.index - b.index;
      return a.fraction < b.fraction ? 1 : -1;
    });
  for (let i = 0; i < left; i += 1) cents[order[i].index] += 1;
  return cents;
}

/** The exact sum of amounts (Decimal), the empty sum being 0. */
export function sumOf(amounts: Iterable<Decimal.Value>): Decimal {
  let sum = new Decimal(0);
  for (const amount of amounts) {
    sum = sum.plus(amount);
  }
  return sum;
}

/**
 * Rounds the exact amounts of items to cents, partition by partition: each partition's total is
 * its exact sum rounded half away from zero, allocated over its items by {@link allocateCents}.
 * Any sum of whole partitions is then the sum of their rounded totals, whatever else the items
 * are grouped by. Returns the cents in the order of `items`.
 */
export function allocateByPartition<T>(
  items: ReadonlyArray<T>,
  partitionOf: (item: T) => string,
  amountOf: (item: T) => Decimal.Value,
): Decimal[] {
  const partitions = new Map<string, number[]>();
  items.forEach((item, index) => {
    const key = partitionOf(item);
    const members = partitions.get(key);
    if (members) members.push(index);
    else partitions.set(key, [index]);
  });
  const result: Decimal[] = new Array(items.length);
  for (const members of partitions.values()) {
    const cents = allocateCents(members.map(index => amountOf(items[index])));
    members.forEach((index, i) => {
      result[index] = cents[i];
    });
  }
  return result;
}
