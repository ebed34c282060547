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
  /** At most this many rows are decoded at a time: {@link ROWS_PER_READ} by default. */
  rowsPerRead?: number;
}

const MAGIC = 0x31524150; // "PAR1", little-endian

/**
 * Rows decoded at a time, at most. A larger row group (writers make them of a million rows and
 * more) is read in equal parts: the pages each part needs, found with the column chunks'
 * offset indexes where the file has them, so that memory follows this number rather than the
 * writer's row groups. A page that spans parts is decoded for each, which is the price.
 */
const ROWS_PER_READ = 100_000;

interface OpenFile {
  buffer: AsyncBuffer;
  /** Lets go of the slices kept since the last call. */
  forget: () => void;
  close: () => Promise<void>;
}

/**
 * Slices of a local file, read from an open handle when hyparquet asks for them. The slices of
 * a row group are kept until `forget`, for the parts of a large group that need the same bytes.
 */
async function openFile(file: string): Promise<OpenFile> {
  const handle = await fs.promises.open(file, 'r');
  const kept = new Map<string, Promise<ArrayBuffer>>();
  const read = async (start: number, end: number) => {
    const length = Math.max(0, end - start);
    const bytes = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await handle.read(
        bytes,
        done,
        length - done,
        start + done,
      );
      if (bytesRead === 0) {
        throw new Error(`${file} ended at byte ${start + done} while read`);
      }
      done += bytesRead;
    }
    return bytes.buffer;
  };
  try {
    const { size } = await handle.stat();
    const buffer: AsyncBuffer = {
      byteLength: size,
      slice(start: number, end = size) {
        const key = `${start}:${end}`;
        let slice = kept.get(key);
        if (!slice) {
          slice = read(start, Math.min(end, size));
          kept.set(key, slice);
        }
        return slice;
      },
    };
    return {
      buffer,
      forget: () => kept.clear(),
      close: () => handle.close(),
    };
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
 * The file is read one row group at a time (a large one in parts of {@link ROWS_PER_READ}
 * rows), through slices of an open file handle, so memory is bounded by a row group's
 * compressed bytes and the rows of one part, not by the file. A footer that is gone or does not parse,
 * or a row group that cannot be read, throws an {@link IncompleteFileError}; the rows of the
 * row groups before it have been returned by then.
 */
export async function* readParquet(
  file: string,
  options: ReadParquetOptions,
): AsyncGenerator<FileRecord> {
  const { name, signal, rowsPerRead = ROWS_PER_READ } = options;
  signal?.throwIfAborted();
  const { buffer, forget, close } = await openFile(file);
  try {
    const footer = await readFooter(buffer, name);
    forget();
    const metadata = { ...footer, schema: withRawDecimals(footer.schema) };
    const columns: SchemaTree[] = parquetSchema(footer).children;
    const texts = columns.map(cellText);
    yield { fields: columns.map(column => column.element.name), line: 1 };

    let groupStart = 0;
    for (const [index, group] of metadata.row_groups.entries()) {
      const groupEnd = groupStart + Number(group.num_rows);
      const where = `row group ${index + 1} (rows ${
        groupStart + 1
      }-${groupEnd})`;
      const parts = Math.ceil((groupEnd - groupStart) / rowsPerRead);
      const partRows = Math.ceil((groupEnd - groupStart) / parts);
      for (let start = groupStart; start < groupEnd; start += partRows) {
        signal?.throwIfAborted();
        const end = Math.min(groupEnd, start + partRows);
        let rows: unknown[][] = [];
        try {
          await parquetRead({
            file: buffer,
            metadata,
            compressors,
            parsers: TEXT_PARSERS,
            utf8: false,
            rowStart: start,
            rowEnd: end,
            useOffsetIndex: true,
            onComplete: (read: unknown[][]) => {
              rows = read;
            },
          });
        } catch (error) {
          throw new IncompleteFileError(
            name,
            `${name} is a corrupt Parquet file: ${where} cannot be read (${
              (error as Error).message
            })`,
            { cause: error },
          );
        }
        if (rows.length !== end - start) {
          throw new IncompleteFileError(
            name,
            `${name} is a corrupt Parquet file: ${where} gave ${
              rows.length
            } rows for rows ${start + 1}-${end}`,
          );
        }
        for (const [offset, row] of rows.entries()) {
          yield {
            fields: texts.map((text, column) => text(row[column])),
            line: start + offset + 2,
          };
        }
      }
      forget();
      groupStart = groupEnd;
    }
  } finally {
    await close();
  }
}
