import {
  AsyncBuffer,
  FileMetaData,
  parquetMetadataAsync,
  parquetRead,
  parquetSchema,
  SchemaTree,
} from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import fs from 'node:fs';
import { IncompleteFileError } from './IncompleteFileError';
import { cellText, TEXT_PARSERS, withRawDecimals } from './parquetText';
import type { FileRecord } from './readRecords';

/** How a Parquet file is read. */
export interface ReadParquetOptions {
  /** How messages name the file. */
  name: string;
  signal?: AbortSignal;
}

const MAGIC = 0x31524150; // "PAR1", little-endian

/** Slices of a local file, read from an open handle when hyparquet asks for them. */
async function openFile(
  file: string,
): Promise<{ buffer: AsyncBuffer; close: () => Promise<void> }> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const { size } = await handle.stat();
    const buffer: AsyncBuffer = {
      byteLength: size,
      async slice(start: number, end = size) {
        const length = Math.max(0, Math.min(end, size) - start);
        const bytes = new Uint8Array(length);
        let read = 0;
        while (read < length) {
          const { bytesRead } = await handle.read(
            bytes,
            read,
            length - read,
            start + read,
          );
          if (bytesRead === 0) {
            throw new Error(`${file} ended at byte ${start + read} while read`);
          }
          read += bytesRead;
        }
        return bytes.buffer;
      },
    };
    return { buffer, close: () => handle.close() };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/**
 * The file's footer, checked against the file: "PAR1" at both ends, a metadata length that
 * fits, metadata that parses, row groups whose column chunks lie between the header and the
 * footer and whose rows add up to the file's.
 */
async function readFooter(
  buffer: AsyncBuffer,
  name: string,
): Promise<FileMetaData> {
  const size = buffer.byteLength;
  if (size < 12) {
    throw new IncompleteFileError(
      name,
      `${name} is a cut Parquet file: ${size} bytes, too short for a footer`,
    );
  }
  const tail = new DataView(await buffer.slice(size - 8, size));
  if (tail.getUint32(4, true) !== MAGIC) {
    throw new IncompleteFileError(
      name,
      `${name} is a cut Parquet file: it does not end with "PAR1" (its footer is missing)`,
    );
  }
  const metadataLength = tail.getUint32(0, true);
  const metadataStart = size - 8 - metadataLength;
  if (metadataStart < 4) {
    throw new IncompleteFileError(
      name,
      `${name} is a corrupt Parquet file: its footer says ${metadataLength} bytes of metadata, more than the file holds`,
    );
  }
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(buffer);
    parquetSchema(metadata);
  } catch (error) {
    throw new IncompleteFileError(
      name,
      `${name} is a corrupt Parquet file: its footer does not parse (${
        (error as Error).message
      })`,
      { cause: error },
    );
  }
  let rows = 0n;
  for (const [index, group] of metadata.row_groups.entries()) {
    rows += group.num_rows;
    for (const chunk of group.columns) {
      const meta = chunk.meta_data;
      const dictionary = meta?.dictionary_page_offset;
      const start =
        dictionary && meta && dictionary < meta.data_page_offset
          ? dictionary
          : meta?.data_page_offset;
      if (
        !meta ||
        start === undefined ||
        start < 4n ||
        start + meta.total_compressed_size > BigInt(metadataStart)
      ) {
        throw new IncompleteFileError(
          name,
          `${name} is a corrupt Parquet file: row group ${
            index + 1
          } has a column chunk outside the file's data`,
        );
      }
    }
  }
  if (rows !== metadata.num_rows) {
    throw new IncompleteFileError(
      name,
      `${name} is a corrupt Parquet file: its row groups hold ${rows} rows, its footer says ${metadata.num_rows}`,
    );
  }
  return metadata;
}

/**
 * Streams the rows of a Parquet file as text records, the header (the schema's top-level
 * column names) first; `line` is the row number + 1, so the first row is line 2 as in a CSV.
 * Values are written as a CSV would hold them (see `parquetText.ts`), DECIMAL exactly.
 *
 * The file is read one row group at a time, through slices of an open file handle, so memory
 * is bounded by the largest row group, not the file. A footer that is gone or does not parse,
 * or a row group that cannot be read, throws an {@link IncompleteFileError}; the rows of the
 * row groups before it have been returned by then.
 */
export async function* readParquet(
  file: string,
  options: ReadParquetOptions,
): AsyncGenerator<FileRecord> {
  const { name, signal } = options;
  signal?.throwIfAborted();
  const { buffer, close } = await openFile(file);
  try {
    const footer = await readFooter(buffer, name);
    const metadata = { ...footer, schema: withRawDecimals(footer.schema) };
    const columns: SchemaTree[] = parquetSchema(footer).children;
    const texts = columns.map(cellText);
    yield { fields: columns.map(column => column.element.name), line: 1 };

    let rowStart = 0;
    for (const [index, group] of metadata.row_groups.entries()) {
      signal?.throwIfAborted();
      const rowEnd = rowStart + Number(group.num_rows);
      let rows: unknown[][] = [];
      try {
        await parquetRead({
          file: buffer,
          metadata,
          compressors,
          parsers: TEXT_PARSERS,
          utf8: false,
          rowStart,
          rowEnd,
          onComplete: (read: unknown[][]) => {
            rows = read;
          },
        });
      } catch (error) {
        throw new IncompleteFileError(
          name,
          `${name} is a corrupt Parquet file: row group ${index + 1} (rows ${
            rowStart + 1
          }-${rowEnd}) cannot be read (${(error as Error).message})`,
          { cause: error },
        );
      }
      if (rows.length !== rowEnd - rowStart) {
        throw new IncompleteFileError(
          name,
          `${name} is a corrupt Parquet file: row group ${index + 1} gave ${
            rows.length
          } rows, its footer says ${rowEnd - rowStart}`,
        );
      }
      for (const [offset, row] of rows.entries()) {
        yield {
          fields: texts.map((text, column) => text(row[column])),
          line: rowStart + offset + 2,
        };
      }
      rowStart = rowEnd;
    }
  } finally {
    await close();
  }
}
