import fs from 'node:fs';
import { readCsv } from './readCsv';
import { readParquet } from './readParquet';

/** One record of a data file: the header first, then the rows. */
export interface FileRecord {
  fields: string[];
  /** The CSV line the record ends on (the header is line 1); for Parquet the row number + 1. */
  line: number;
}

/** How a data file is read. */
export interface ReadRecordsOptions {
  /** How messages name the file (`aws/2024-09/part-1.csv`, `s3://bucket/key`). */
  name: string;
  signal?: AbortSignal;
}

/** What a file holds, told by its first bytes. */
export type FileKind = 'csv' | 'gzip' | 'parquet';

/** The kind of a file by its content, not its name: gzip magic 1f 8b, Parquet "PAR1", else CSV. */
export async function fileKind(file: string): Promise<FileKind> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(4), 0, 4, 0);
    if (bytesRead >= 2 && buffer[0] === 0x1f && buffer[1] === 0x8b) {
      return 'gzip';
    }
    if (bytesRead === 4 && buffer.toString('latin1') === 'PAR1') {
      return 'parquet';
    }
    return 'csv';
  } finally {
    await handle.close();
  }
}

/**
 * Streams the records of a FOCUS data file, CSV (plain or gzip) or Parquet, told by its
 * content: the header (the column names), then the data rows, every value as text as a CSV
 * would hold it. Memory stays bounded whatever the file's size.
 *
 * A file that is not whole (cut, corrupt compression or footer, empty) throws an
 * `IncompleteFileError` naming it; other errors of the content name the file and the line.
 * A record with fewer or more fields than the header in the middle of a CSV file is returned
 * as it is, for the caller to reject with its line.
 */
export async function* readRecords(
  file: string,
  options: ReadRecordsOptions,
): AsyncGenerator<FileRecord> {
  const kind = await fileKind(file);
  if (kind === 'parquet') {
    yield* readParquet(file, options);
  } else {
    yield* readCsv(file, { ...options, gzip: kind === 'gzip' });
  }
}
