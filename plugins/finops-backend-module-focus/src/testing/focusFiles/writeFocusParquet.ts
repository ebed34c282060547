// A test builder, imported by tests and benchmarks only: hyparquet-writer is a devDependency.
// eslint-disable-next-line @backstage/no-undeclared-imports
import { fileWriter, ParquetWriter, SchemaElement } from 'hyparquet-writer';
import zlib from 'node:zlib';
import { FocusRows } from './focusRows';
import { ColumnKind, schemaOf } from './parquetSchema';
import { mapOf, timestampOf, unscaledOf } from './parquetValues';

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

const NULLS = new Set(['', 'null']);
const UNIT_DIGITS = { MILLIS: 3, MICROS: 6, NANOS: 9 } as const;

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
