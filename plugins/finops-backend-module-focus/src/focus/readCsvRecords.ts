import { parse } from 'csv-parse';
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';

/** One record of a CSV file and the line it ends on (the header is line 1). */
export interface CsvRecord {
  fields: string[];
  line: number;
}

async function isGzip(file: string): Promise<boolean> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/**
 * Streams the records of a CSV file, plain or gzip (told by its first bytes, not its name):
 * a byte stream through zlib and csv-parse, so a file of any size is read in constant memory.
 * A UTF-8 byte-order mark and CRLF line ends are accepted; empty lines are skipped; a record
 * with more or fewer fields than the header is returned as it is, for the caller to report.
 */
export async function* readCsvRecords(
  file: string,
  signal?: AbortSignal,
): AsyncGenerator<CsvRecord> {
  const parser = parse({
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
    info: true,
  });
  const input = fs.createReadStream(file);
  const done = (await isGzip(file))
    ? pipeline(input, zlib.createGunzip(), parser, { signal })
    : pipeline(input, parser, { signal });
  // Reported by the iteration below; awaited at the end for errors the parser did not see.
  done.catch(() => {});
  for await (const { record, info } of parser as AsyncIterable<{
    record: string[];
    info: { lines: number };
  }>) {
    yield { fields: record, line: info.lines };
  }
  await done;
}
