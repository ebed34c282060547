const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const TIMESTAMP_TEXT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/;
const MAX_UNSCALED = 10n ** 38n;

/** The unscaled integer of a decimal text at a scale: `1.5` at scale 4 is 15000. */
export function unscaledOf(text: string, scale: number): bigint {
  const match = DECIMAL_TEXT.exec(text.trim());
  if (!match || `${match[2]}${match[3] ?? ''}` === '') {
    throw new Error(`"${text}" is no decimal number`);
  }
  const [, sign, whole, fraction = '', exponent = '0'] = match;
  const digits = whole + fraction;
  const shift = scale - (fraction.length - Number(exponent));
  let kept = digits;
  if (shift >= 0) {
    kept = digits + '0'.repeat(shift);
  } else {
    const dropped = digits.slice(Math.max(0, digits.length + shift));
    if (/[^0]/.test(dropped)) {
      throw new Error(`"${text}" has more than ${scale} decimals`);
    }
    kept = digits.slice(0, Math.max(0, digits.length + shift));
  }
  const value = BigInt(kept || '0');
  if (value >= MAX_UNSCALED) {
    throw new Error(`"${text}" has more than 38 digits at scale ${scale}`);
  }
  return sign === '-' ? -value : value;
}

/** An ISO 8601 UTC text (`2024-09-01T00:00:00Z`, a fraction allowed) in units since 1970. */
export function timestampOf(text: string, digits: number): bigint {
  const match = TIMESTAMP_TEXT.exec(text.trim());
  if (!match) {
    throw new Error(`"${text}" is not written YYYY-MM-DDTHH:MM:SS[.fff]Z`);
  }
  const [year, month, day, hour, minute, second] = match
    .slice(1, 7)
    .map(Number);
  const millis = Date.UTC(year, month - 1, day, hour, minute, second);
  const date = new Date(millis);
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day ||
    date.getUTCHours() !== hour ||
    date.getUTCMinutes() !== minute ||
    date.getUTCSeconds() !== second
  ) {
    throw new Error(`"${text}" is no valid date and time`);
  }
  const fraction = (match[7] ?? '').padEnd(9, '0');
  if (/[^0]/.test(fraction.slice(digits))) {
    throw new Error(
      `"${text}" is more precise than ${digits} decimals of a second`,
    );
  }
  const perSecond = 10n ** BigInt(digits);
  return (
    BigInt(millis / 1000) * perSecond + BigInt(fraction.slice(0, digits) || '0')
  );
}

/** A JSON object of strings (or nulls), as a MAP column holds it. */
export function mapOf(text: string): Record<string, string | null> {
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${text} is no JSON object`);
  }
  for (const item of Object.values(value)) {
    if (item !== null && typeof item !== 'string') {
      throw new Error(`${text} has a value that is no string`);
    }
  }
  return value as Record<string, string | null>;
}
