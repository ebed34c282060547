import { CsvError, parse } from 'csv-parse';
import fs from 'node:fs';
import { Transform, TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { IncompleteFileError } from './IncompleteFileError';
import type { FileRecord } from './readRecords';

/** How a CSV file is read. */
export interface ReadCsvOptions {
  /** How messages name the file. */
  name: string;
  /** The file is gzip (its first bytes are 1f 8b): it is gunzipped as it is read. */
  gzip: boolean;
  signal?: AbortSignal;
}

const BOM = [0xef, 0xbb, 0xbf];
const BLANK = new Set([0x20, 0x09, 0x0d, 0x0a]);
const LINE_END = new Set([0x0d, 0x0a]);

/**
 * Passes the CSV bytes through and remembers what the end checks need: the last byte, and
 * whether anything but a byte-order mark and white space came by.
 */
class EndOfText extends Transform {
  lastByte: number | undefined;
  hasText = false;
  private offset = 0;

  _transform(chunk: Buffer, _encoding: string, done: TransformCallback) {
    if (chunk.length > 0) {
      if (!this.hasText) {
        for (let i = 0; i < chunk.length && !this.hasText; i++) {
          const position = this.offset + i;
          const isBom = position < BOM.length && chunk[i] === BOM[position];
          this.hasText = !isBom && !BLANK.has(chunk[i]);
        }
      }
      this.offset += chunk.length;
      this.lastByte = chunk[chunk.length - 1];
    }
    done(null, chunk);
  }
}

/** zlib's errors: `Z_BUF_ERROR`, `Z_DATA_ERROR`, … (by shape: they may come from another realm). */
function isZlibError(error: unknown): error is Error & { code: string } {
  const { code, errno, message } = (error ?? {}) as Record<string, unknown>;
  return (
    typeof errno === 'number' &&
    typeof code === 'string' &&
    typeof message === 'string' &&
    code.startsWith('Z_')
  );
}

function gzipError(name: string, error: Error & { code: string }): Error {
  // Z_BUF_ERROR is zlib's "unexpected end of file": the stream stops before its end.
  const what =
    error.code === 'Z_BUF_ERROR'
      ? `${name} is a cut gzip file: the stream ends before its end (${error.message})`
      : `${name} is a corrupt gzip file: ${error.message}`;
  return new IncompleteFileError(name, what, { cause: error });
}

function csvError(name: string, error: CsvError): Error {
  const line = (error as CsvError & { lines?: number }).lines;
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
    return new IncompleteFileError(
      name,
      `${name} is cut: a quoted field opened on line ${line} is not closed at the end of the file`,
      { cause: error },
    );
  }
  return new Error(`${name}, line ${line}: ${error.message}`, { cause: error });
}

/**
 * Streams the records of a CSV file, plain or gzip: a byte stream through zlib and csv-parse,
 * so a file of any size is read in constant memory. The header is the first record; `line` is
 * the line a record ends on. A UTF-8 byte-order mark and CRLF line ends are accepted, empty
 * lines skipped, and a record with more or fewer fields than the header is returned as it is,
 * for the caller to report, except the last one.
 *
 * A file that is not whole throws an {@link IncompleteFileError} before its last record is
 * returned: a quote still open at the end, no line end after the last record, a last record
 * with fewer fields than the header, a gzip stream that is cut or corrupt, or no text at all.
 * A file cut exactly at a line end cannot be told from a whole one here.
 */
export async function* readCsv(
  file: string,
  options: ReadCsvOptions,
): AsyncGenerator<FileRecord> {
  const { name, gzip, signal } = options;
  const parser = parse({
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
    info: true,
  });
  const end = new EndOfText();
  let zlibError: (Error & { code: string }) | undefined;
  const input = fs.createReadStream(file);
  let done: Promise<void>;
  if (gzip) {
    const gunzip = zlib.createGunzip();
    gunzip.once('error', error => {
      if (isZlibError(error)) {
        zlibError = error;
      }
    });
    done = pipeline(input, gunzip, end, parser, { signal });
  } else {
    done = pipeline(input, end, parser, { signal });
  }
  // Reported by the iteration below; awaited at the end for errors the parser did not see.
  done.catch(() => {});

  let header: FileRecord | undefined;
  // The last record is held back until the end of the file shows it is whole.
  let held: FileRecord | undefined;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      const current = { fields: record, line: info.lines };
      if (held) {
        yield held;
      }
      header ??= current;
      held = current;
    }
    await done;
  } catch (error) {
    if (zlibError) {
      throw gzipError(name, zlibError);
    }
    if (error instanceof CsvError) {
      throw csvError(name, error);
    }
    throw error;
  }

  if (!end.hasText) {
    throw new IncompleteFileError(name, `${name} is empty`);
  }
  if (!held || !header) {
    throw new IncompleteFileError(name, `${name} has no records`);
  }
  const width = header.fields.length;
  const short = held !== header && held.fields.length < width;
  if (end.lastByte === undefined || !LINE_END.has(end.lastByte)) {
    throw new IncompleteFileError(
      name,
      `${name} is cut: its last line (line ${
        held.line
      }) is incomplete, no line end follows it${
        short
          ? ` and it has ${held.fields.length} of the header's ${width} fields`
          : ''
      }`,
    );
  }
  if (short) {
    throw new IncompleteFileError(
      name,
      `${name} is cut: its last record (line ${held.line}) has ${held.fields.length} of the header's ${width} fields`,
    );
  }
  yield held;
}
