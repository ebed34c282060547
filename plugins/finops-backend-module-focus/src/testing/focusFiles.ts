// A test builder, imported by tests and benchmarks only: hyparquet-writer is a devDependency.
// eslint-disable-next-line @backstage/no-undeclared-imports
import { fileWriter, ParquetWriter, SchemaElement } from 'hyparquet-writer';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';

/*
 * Builders of FOCUS data files for tests and benchmarks: the same rows (string cells, as a CSV
 * holds them) as CSV, CSV.gz or Parquet, written in batches so that millions of rows fit, and
 * a way to cut a file short.
 */

/** Rows of string cells; a generator keeps a large file's rows out of memory. */
export type FocusRows = Iterable<string[]> | AsyncIterable<string[]>;

/** The FOCUS columns a Parquet export types as DECIMAL. */
export const FOCUS_DECIMAL_COLUMNS = [
  'BilledCost',
  'EffectiveCost',
  'ListCost',
  'ListUnitPrice',
  'ContractedCost',
  'ContractedUnitPrice',
  'PricingQuantity',
  'ConsumedQuantity',
  'CommitmentDiscountQuantity',
];

/** The FOCUS columns a Parquet export types as TIMESTAMP. */
export const FOCUS_TIMESTAMP_COLUMNS = [
  'BillingPeriodStart',
  'BillingPeriodEnd',
  'ChargePeriodStart',
  'ChargePeriodEnd',
];

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

async function* csvText(
  header: string[],
  rows: FocusRows,
): AsyncGenerator<string> {
  let text = `${header.map(csvCell).join(',')}\n`;
  for await (const row of rows) {
    text += `${row.map(csvCell).join(',')}\n`;
    if (text.length >= 1 << 16) {
      yield text;
      text = '';
    }
  }
  yield text;
}

/**
 * Writes a CSV file (quoted where a cell needs it, `\n` line ends, a line end after the last
 * row), gzip-compressed with `gzip: true`.
 */
export async function writeFocusCsv(
  file: string,
  header: string[],
  rows: FocusRows,
  options: { gzip?: boolean } = {},
): Promise<void> {
  const text = Readable.from(csvText(header, rows));
  const output = fs.createWriteStream(file);
  if (options.gzip) {
    await pipeline(text, zlib.createGzip(), output);
  } else {
    await pipeline(text, output);
  }
}

/** How {@link writeFocusParquet} types and lays out the columns. */
export interface FocusParquetOptions {
  /** Columns written as DECIMAL(38, decimalScale); the FOCUS cost, price and quantity columns by default. */
  decimalColumns?: string[];
  /** The scale of the DECIMAL columns: 10 by default. */
  decimalScale?: number;
  /** Columns written as TIMESTAMP (UTC); the FOCUS period columns by default. */
  timestampColumns?: string[];
  /** The unit of the TIMESTAMP columns: MICROS by default, as AWS and Spark write them. */
  timestampUnit?: 'MILLIS' | 'MICROS' | 'NANOS';
  /** `Tags` as MAP<STRING, STRING> (AWS's way, the default) or as a JSON string column. */
  tags?: 'map' | 'string';
  compression?: 'SNAPPY' | 'ZSTD' | 'GZIP' | 'BROTLI' | 'UNCOMPRESSED';
  /** Rows per row group: 100 000 by default. */
  rowGroupSize?: number;
}

type ColumnKind = 'decimal' | 'timestamp' | 'map' | 'string';

const NULLS = new Set(['', 'null']);
const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const TIMESTAMP_TEXT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/;
const UNIT_DIGITS = { MILLIS: 3, MICROS: 6, NANOS: 9 } as const;
const MAX_UNSCALED = 10n ** 38n;

/** The unscaled integer of a decimal text at a scale: `1.5` at scale 4 is 15000. */
function unscaledOf(text: string, scale: number): bigint {
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
function timestampOf(text: string, digits: number): bigint {
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

function mapOf(text: string): Record<string, string | null> {
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

function schemaOf(
  name: string,
  kind: ColumnKind,
  options: { scale: number; unit: 'MILLIS' | 'MICROS' | 'NANOS' },
): SchemaElement[] {
  switch (kind) {
    case 'decimal':
      return [
        {
          name,
          type: 'FIXED_LEN_BYTE_ARRAY',
          type_length: 16,
          repetition_type: 'OPTIONAL',
          converted_type: 'DECIMAL',
          precision: 38,
          scale: options.scale,
          logical_type: {
            type: 'DECIMAL',
            precision: 38,
            scale: options.scale,
          },
        },
      ];
    case 'timestamp':
      return [
        {
          name,
          type: 'INT64',
          repetition_type: 'OPTIONAL',
          converted_type:
            options.unit === 'NANOS' ? undefined : `TIMESTAMP_${options.unit}`,
          logical_type: {
            type: 'TIMESTAMP',
            isAdjustedToUTC: true,
            unit: options.unit,
          },
        },
      ];
    case 'map':
      return [
        {
          name,
          repetition_type: 'OPTIONAL',
          converted_type: 'MAP',
          num_children: 1,
        },
        { name: 'key_value', repetition_type: 'REPEATED', num_children: 2 },
        {
          name: 'key',
          type: 'BYTE_ARRAY',
          repetition_type: 'REQUIRED',
          converted_type: 'UTF8',
        },
        {
          name: 'value',
          type: 'BYTE_ARRAY',
          repetition_type: 'OPTIONAL',
          converted_type: 'UTF8',
        },
      ];
    default:
      return [
        {
          name,
          type: 'BYTE_ARRAY',
          repetition_type: 'OPTIONAL',
          converted_type: 'UTF8',
          logical_type: { type: 'STRING' },
        },
      ];
  }
}

function compressorsFor(compression: FocusParquetOptions['compression']) {
  switch (compression) {
    case 'GZIP':
      return { GZIP: (input: Uint8Array) => zlib.gzipSync(input) };
    case 'BROTLI':
      return { BROTLI: (input: Uint8Array) => zlib.brotliCompressSync(input) };
    case 'ZSTD':
      if (typeof zlib.zstdCompressSync !== 'function') {
        throw new Error(
          'ZSTD needs Node.js 22.15 or newer (zlib.zstdCompressSync)',
        );
      }
      return { ZSTD: (input: Uint8Array) => zlib.zstdCompressSync(input) };
    default:
      return {};
  }
}

/**
 * Writes a Parquet file as a FOCUS export would: DECIMAL(38, 10) costs and quantities,
 * TIMESTAMP periods, Tags as a MAP, every other column a STRING. Empty and `null` cells are
 * null (and read back as empty). Rows are taken a row group at a time, so a generator of
 * millions of rows is written in bounded memory. A cell that a typed column cannot hold
 * exactly (a cost with 11 decimals, an hour of 30) throws, naming its row and column.
 */
export async function writeFocusParquet(
  file: string,
  header: string[],
  rows: FocusRows,
  options: FocusParquetOptions = {},
): Promise<void> {
  const decimals = new Set(options.decimalColumns ?? FOCUS_DECIMAL_COLUMNS);
  const timestamps = new Set(
    options.timestampColumns ?? FOCUS_TIMESTAMP_COLUMNS,
  );
  const scale = options.decimalScale ?? 10;
  const unit = options.timestampUnit ?? 'MICROS';
  const digits = UNIT_DIGITS[unit];
  const groupSize = options.rowGroupSize ?? 100_000;
  const kinds: ColumnKind[] = header.map(name => {
    if (decimals.has(name)) {
      return 'decimal';
    }
    if (timestamps.has(name)) {
      return 'timestamp';
    }
    return name === 'Tags' && options.tags !== 'string' ? 'map' : 'string';
  });
  const schema: SchemaElement[] = [
    { name: 'root', num_children: header.length },
    ...header.flatMap((name, i) => schemaOf(name, kinds[i], { scale, unit })),
  ];
  // Periods repeat from row to row: each text is converted once.
  const timestampCache = new Map<string, bigint>();
  const timestamp = (text: string) => {
    let units = timestampCache.get(text);
    if (units === undefined) {
      units = timestampOf(text, digits);
      if (timestampCache.size > 100_000) {
        timestampCache.clear();
      }
      timestampCache.set(text, units);
    }
    return units;
  };
  const convert: Array<(text: string) => unknown> = kinds.map(kind => {
    switch (kind) {
      case 'decimal':
        return text => unscaledOf(text, scale);
      case 'timestamp':
        return timestamp;
      case 'map':
        return mapOf;
      default:
        return text => text;
    }
  });

  const writer = new ParquetWriter({
    writer: fileWriter(file),
    schema,
    codec: options.compression ?? 'SNAPPY',
    compressors: compressorsFor(options.compression),
  });
  let batch: unknown[][] = header.map(() => []);
  let batchRows = 0;
  let rowNumber = 0;
  const flush = async () => {
    await writer.write({
      columnData: header.map((name, i) => ({ name, data: batch[i] })),
      rowGroupSize: batchRows,
    });
    batch = header.map(() => []);
    batchRows = 0;
  };
  for await (const row of rows) {
    rowNumber++;
    if (row.length > header.length) {
      throw new Error(
        `row ${rowNumber} has ${row.length} cells, the header ${header.length}`,
      );
    }
    for (let i = 0; i < header.length; i++) {
      const text = row[i] ?? '';
      const isNull = NULLS.has(text.trim().toLowerCase());
      if (kinds[i] === 'string' ? text === '' : isNull) {
        batch[i].push(null);
        continue;
      }
      try {
        batch[i].push(convert[i](text));
      } catch (error) {
        throw new Error(
          `row ${rowNumber}, column ${header[i]} (${kinds[i]}): ${
            (error as Error).message
          }`,
        );
      }
    }
    batchRows++;
    if (batchRows === groupSize) {
      await flush();
    }
  }
  if (batchRows > 0) {
    await flush();
  }
  await writer.finish();
}

/** The columns of {@link focusRows}: what an AWS or Azure FOCUS 1.0 export holds, in short. */
export const FOCUS_HEADER = [
  'BillingAccountId',
  'BillingPeriodStart',
  'BillingPeriodEnd',
  'ChargePeriodStart',
  'ChargePeriodEnd',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'ProviderName',
  'ServiceName',
  'SubAccountId',
  'ResourceId',
  'RegionId',
  'SkuId',
  'PricingQuantity',
  'PricingUnit',
  'ConsumedQuantity',
  'ConsumedUnit',
  'ListUnitPrice',
  'ListCost',
  'ContractedUnitPrice',
  'ContractedCost',
  'BilledCost',
  'EffectiveCost',
  'BillingCurrency',
  'Tags',
];

/** `unscaled × 10^-10` with all its ten decimals, as CUR and FOCUS exports write costs. */
function tenDecimals(unscaled: bigint): string {
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(11, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -10)}.${digits.slice(-10)}`;
}

/**
 * `count` FOCUS rows of one month ({@link FOCUS_HEADER}), the same on every call: hourly usage
 * of a few services and accounts, costs with ten decimals (now and then one that a double
 * cannot hold, like 12345678901234.1234567891, or a negative credit), descriptions that need
 * CSV quotes, Tags as JSON objects or empty. Lazily made, so millions of rows cost no memory.
 */
export function* focusRows(
  count: number,
  options: { month?: string } = {},
): Generator<string[]> {
  const month = options.month ?? '2024-09';
  const start = Date.parse(`${month}-01T00:00:00Z`);
  const [year, monthNumber] = month.split('-').map(Number);
  const end = Date.UTC(year, monthNumber, 1);
  const hours = (end - start) / 3_600_000;
  const periods = Array.from({ length: hours + 1 }, (_, hour) =>
    new Date(start + hour * 3_600_000).toISOString().replace('.000Z', 'Z'),
  );
  const services = ['Amazon EC2', 'Amazon S3', 'AWS Lambda', 'Amazon RDS'];
  const teams = ['payments', 'search', 'checkout'];
  let seed = 42;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed;
  };
  for (let i = 0; i < count; i++) {
    const hour = i % hours;
    const service = services[i % services.length];
    const quantity = BigInt(next() % 100_000) * 1_000_000n;
    const price = BigInt(next() % 5_000_000) + 1n;
    const list = (quantity * price) / 10_000_000_000n;
    let billed = (list * 9n) / 10n;
    if (i % 1000 === 999) {
      billed = 123456789012341234567891n;
    } else if (i % 500 === 250) {
      billed = -billed;
    }
    const tags =
      i % 7 === 0
        ? ''
        : JSON.stringify({
            team: teams[i % teams.length],
            env: i % 2 ? 'prod' : 'dev',
          });
    yield [
      '111122223333',
      periods[0],
      periods[hours],
      periods[hour],
      periods[hour + 1],
      i % 500 === 250 ? 'Credit' : 'Usage',
      i % 500 === 250 ? 'Correction' : '',
      i % 3 === 0 ? `${service} usage, "${i % 10}" hours` : `${service} usage`,
      'AWS',
      service,
      `4444${(i % 5).toString().padStart(8, '0')}`,
      `arn:aws:ec2:eu-west-1:111122223333:instance/i-${(i % 997)
        .toString(16)
        .padStart(8, '0')}`,
      'eu-west-1',
      `SKU${i % 13}`,
      tenDecimals(quantity),
      'Hours',
      tenDecimals(quantity),
      'Hours',
      tenDecimals(price),
      tenDecimals(list),
      tenDecimals(price),
      tenDecimals(list),
      tenDecimals(billed),
      tenDecimals(billed),
      'USD',
      tags,
    ];
  }
}

/** Cuts a file short: only its first `atByte` bytes are left. */
export async function cutFile(file: string, atByte: number): Promise<void> {
  await fs.promises.truncate(file, atByte);
}
