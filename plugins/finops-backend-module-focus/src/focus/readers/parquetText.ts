import type { ParquetParsers, SchemaElement, SchemaTree } from 'hyparquet';

/*
 * Parquet values as the text a CSV file would hold for them, exactly: DECIMAL from its unscaled
 * integer and scale, numbers without exponents, timestamps as ISO 8601 UTC, maps, structs and
 * lists as JSON.
 */

const utf8 = new TextDecoder();

/** Turns a cell of one top-level column into its text. */
export type CellText = (value: unknown) => string;

/** The number as JavaScript's shortest text writes it, without an exponent. */
export function plainNumber(value: number): string {
  const text = String(value);
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) {
    return text;
  }
  const [, sign, first, rest = '', exponent] = match;
  const digits = first + rest;
  const point = 1 + Number(exponent);
  if (point <= 0) {
    return `${sign}0.${'0'.repeat(-point)}${digits}`;
  }
  if (point >= digits.length) {
    return sign + digits + '0'.repeat(point - digits.length);
  }
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** A FLOAT (32 bits) as the shortest text that reads back as the same float. */
function float32Text(value: number): string {
  if (!Number.isFinite(value)) {
    return String(value);
  }
  for (let precision = 1; precision < 9; precision++) {
    const candidate = Number(value.toPrecision(precision));
    if (Math.fround(candidate) === value) {
      return plainNumber(candidate);
    }
  }
  return plainNumber(value);
}

/** A big-endian two's complement integer, as DECIMAL stores it in (fixed length) byte arrays. */
function signedBigInt(bytes: Uint8Array): bigint {
  if (bytes.length === 0) {
    return 0n;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const head = bytes.length % 8;
  // The leading bytes (fewer than 8) carry the sign; the rest is read 64 bits at a time.
  let value = 0n;
  if (head > 0) {
    for (let i = 0; i < head; i++) {
      value = (value << 8n) | BigInt(bytes[i]);
    }
    if (bytes[0] & 0x80) {
      value -= 1n << BigInt(head * 8);
    }
  }
  for (let offset = head; offset < bytes.length; offset += 8) {
    value =
      offset === 0
        ? view.getBigInt64(0)
        : (value << 64n) | view.getBigUint64(offset);
  }
  return value;
}

/** The text of the decimal `unscaled × 10^-scale`: 12345 with scale 4 is `1.2345`. */
export function decimalText(unscaled: bigint, scale: number): string {
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString();
  const sign = negative ? '-' : '';
  if (scale <= 0) {
    return sign + digits + (unscaled === 0n ? '' : '0'.repeat(-scale));
  }
  const padded = digits.padStart(scale + 1, '0');
  return `${sign}${padded.slice(0, -scale)}.${padded.slice(-scale)}`;
}

function unscaledOf(value: unknown): bigint | undefined {
  if (typeof value === 'bigint') {
    return value;
  }
  if (typeof value === 'number' && Number.isInteger(value)) {
    return BigInt(value);
  }
  if (value instanceof Uint8Array) {
    return signedBigInt(value);
  }
  return undefined;
}

/**
 * A count of `digits`-decimal units since 1970-01-01 UTC as ISO 8601 text: `2024-09-01T00:00:00Z`,
 * with a fraction (in groups of three digits) only when there is one.
 */
function isoText(units: bigint, digits: number): string {
  const perSecond = 10n ** BigInt(digits);
  let seconds = units / perSecond;
  let fraction = units % perSecond;
  if (fraction < 0n) {
    fraction += perSecond;
    seconds -= 1n;
  }
  const date = new Date(Number(seconds) * 1000);
  if (Number.isNaN(date.getTime())) {
    return units.toString();
  }
  const base = date.toISOString().replace(/\.\d{3}Z$/, '');
  if (fraction === 0n) {
    return `${base}Z`;
  }
  let text = fraction.toString().padStart(digits, '0');
  while (text.endsWith('000')) {
    text = text.slice(0, -3);
  }
  return `${base}.${text}Z`;
}

const DAY_MILLIS = 86_400_000;

function dateText(days: number): string {
  return isoText(BigInt(days) * BigInt(DAY_MILLIS), 3);
}

/**
 * The parsers hyparquet decodes dates, timestamps, JSON and strings with: text straight away,
 * at the precision the file has (hyparquet's own make `Date`s, which stop at milliseconds).
 */
export const TEXT_PARSERS: Partial<ParquetParsers> = {
  timestampFromMilliseconds: millis => isoText(BigInt(millis), 3),
  timestampFromMicroseconds: micros => isoText(BigInt(micros), 6),
  timestampFromNanoseconds: nanos => isoText(BigInt(nanos), 9),
  dateFromDays: days => dateText(days),
  jsonFromBytes: bytes => (bytes ? utf8.decode(bytes) : bytes),
};

function isDecimal(element: SchemaElement): boolean {
  return (
    element.converted_type === 'DECIMAL' ||
    element.logical_type?.type === 'DECIMAL'
  );
}

function isDate(element: SchemaElement): boolean {
  return (
    element.converted_type === 'DATE' || element.logical_type?.type === 'DATE'
  );
}

function scaleOf(element: SchemaElement): number {
  const logical = element.logical_type;
  return (logical?.type === 'DECIMAL' ? logical.scale : element.scale) ?? 0;
}

/**
 * The schema with DECIMAL columns left as stored (their unscaled integers, or bytes), so that
 * they can be written out exactly: hyparquet would make JavaScript numbers of them.
 */
export function withRawDecimals(schema: SchemaElement[]): SchemaElement[] {
  return schema.map(element =>
    isDecimal(element)
      ? { ...element, converted_type: undefined, logical_type: undefined }
      : element,
  );
}

function isListLike(node: SchemaTree): boolean {
  const [child] = node.children;
  return (
    node.element.converted_type === 'LIST' &&
    node.children.length === 1 &&
    child.children.length <= 1 &&
    child.element.repetition_type === 'REPEATED'
  );
}

function isMapLike(node: SchemaTree): boolean {
  const [child] = node.children;
  return (
    node.element.converted_type === 'MAP' &&
    node.children.length === 1 &&
    child.children.length === 2 &&
    child.element.repetition_type === 'REPEATED'
  );
}

/** A leaf value as text; decimals come raw (see {@link withRawDecimals}). */
function leafText(element: SchemaElement): CellText {
  if (isDecimal(element)) {
    const scale = scaleOf(element);
    return value => {
      const unscaled = unscaledOf(value);
      return unscaled === undefined
        ? scalarText(value)
        : decimalText(unscaled, scale);
    };
  }
  if (element.type === 'FLOAT') {
    return value =>
      typeof value === 'number' ? float32Text(value) : scalarText(value);
  }
  if (isDate(element)) {
    return value =>
      typeof value === 'number' ? dateText(value) : scalarText(value);
  }
  return scalarText;
}

function scalarText(value: unknown): string {
  if (value === null || value === undefined) {
    return '';
  }
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return plainNumber(value);
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      break;
  }
  if (value instanceof Uint8Array) {
    return utf8.decode(value);
  }
  if (value instanceof Date) {
    return isoText(BigInt(value.getTime()), 3);
  }
  return jsonText(value, undefined);
}

/** JSON text of a value, led by its schema node where there is one (decimals stay exact). */
function jsonText(value: unknown, node: SchemaTree | undefined): string {
  if (value === null || value === undefined) {
    return 'null';
  }
  if (node && node.children.length === 0 && !Array.isArray(value)) {
    const text = leafText(node.element)(value);
    const isNumber =
      typeof value === 'bigint' ||
      (typeof value === 'number' && Number.isFinite(value)) ||
      (value instanceof Uint8Array && isDecimal(node.element));
    if (typeof value === 'boolean' || (isNumber && !isDate(node.element))) {
      return text;
    }
    if (typeof value !== 'object' || value instanceof Uint8Array) {
      return JSON.stringify(text);
    }
  }
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? plainNumber(value) : 'null';
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      break;
  }
  if (value instanceof Uint8Array || value instanceof Date) {
    return JSON.stringify(scalarText(value));
  }
  if (Array.isArray(value)) {
    let element: SchemaTree | undefined;
    if (node && isListLike(node)) {
      const [repeated] = node.children;
      element =
        repeated.children.length === 1 ? repeated.children[0] : repeated;
    }
    return `[${value.map(item => jsonText(item, element)).join(',')}]`;
  }
  if (value instanceof Map) {
    return jsonText(Object.fromEntries(value), node);
  }
  if (typeof value === 'object') {
    const mapValue =
      node && isMapLike(node)
        ? node.children[0].children.find(
            child => child.element.name === 'value',
          )
        : undefined;
    const fields = Object.entries(value as Record<string, unknown>).map(
      ([key, item]) => {
        const child =
          mapValue ?? node?.children.find(c => c.element.name === key);
        return `${JSON.stringify(key)}:${jsonText(item, child)}`;
      },
    );
    return `{${fields.join(',')}}`;
  }
  return JSON.stringify(String(value));
}

/** The text of the cells of a top-level column. */
export function cellText(column: SchemaTree): CellText {
  if (column.children.length === 0) {
    return leafText(column.element);
  }
  return value =>
    value === null || value === undefined ? '' : jsonText(value, column);
}
