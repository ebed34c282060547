/*
 * Builders of FOCUS data files for tests and benchmarks: the same rows (string cells, as a CSV
 * holds them) as CSV, CSV.gz or Parquet, written in batches so that millions of rows fit, and
 * a way to cut a file short.
 */
export { cutFile } from './cutFile';
export { FOCUS_HEADER, focusRows } from './focusRows';
export type { FocusRows } from './focusRows';
export { writeFocusCsv } from './writeFocusCsv';
export {
  FOCUS_DECIMAL_COLUMNS,
  FOCUS_TIMESTAMP_COLUMNS,
  writeFocusParquet,
} from './writeFocusParquet';
export type { FocusParquetOptions } from './writeFocusParquet';
