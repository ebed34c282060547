import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { FocusRows } from './focusRows';

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
