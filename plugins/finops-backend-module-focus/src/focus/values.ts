import Decimal from 'decimal.js';

/** Exact arithmetic: products of two many-decimal numbers keep every digit. */
export const ExactDecimal = Decimal.clone({
  precision: 1000,
  toExpNeg: -9e15,
  toExpPos: 9e15,
});

const PLAIN = /^-?\d+(\.\d+)?$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A cell as FOCUS exports write it: `NULL`, `null` and empty cells are null. */
export function cell(value: string | undefined): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  const trimmed = value.trim();
  if (trimmed === '' || trimmed.toLowerCase() === 'null') {
    return undefined;
  }
  return trimmed;
}

/**
 * A number cell as a plain decimal string (`1.2E-5` → `0.000012`, `+3.` → `3`), exactly.
 * Text that is not a number is returned as it is, so the batch rejects the row and says why.
 */
export function decimalText(value: string | undefined): string | undefined {
  if (value === undefined || PLAIN.test(value)) {
    return value;
  }
  if (NUMBER.test(value)) {
    return new ExactDecimal(value).toFixed();
  }
  return value;
}

/** The exact decimal of a number cell, or undefined when it is not one. */
export function toDecimal(value: string | undefined): Decimal | undefined {
  if (value === undefined || !NUMBER.test(value)) {
    return undefined;
  }
  return new ExactDecimal(value);
}

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * The UTC day (`YYYY-MM-DD`) of a FOCUS date-time (ISO 8601, `Z` or an offset; a space for the
 * `T` and a missing time are accepted), or undefined when the text is no valid date.
 */
export function utcDay(value: string | undefined): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  const match = DATE_TIME.exec(value);
  if (!match) {
    return undefined;
  }
  const [, year, month, day, hour = '00', minute = '00', second = '00'] = match;
  const offset = match[7];
  const time = Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
  );
  const date = new Date(time);
  // Reject dates that Date.UTC rolled over (2023-02-30, 25:00).
  if (
    date.getUTCFullYear() !== Number(year) ||
    date.getUTCMonth() !== Number(month) - 1 ||
    date.getUTCDate() !== Number(day) ||
    date.getUTCHours() !== Number(hour) ||
    date.getUTCMinutes() !== Number(minute) ||
    Number(second) > 59
  ) {
    return undefined;
  }
  if (offset === undefined || offset.toUpperCase() === 'Z') {
    return `${year}-${month}-${day}`;
  }
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
  return new Date(time - sign * minutes * 60_000).toISOString().slice(0, 10);
}

/** A lower-case slug: `AI and Machine Learning` → `ai-and-machine-learning`. */
export function slug(value: string): string {
  return (
    value
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'other'
  );
}
