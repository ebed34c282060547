import { createMockDirectory } from '@backstage/backend-test-utils';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { cutFile, writeFocusCsv } from '../../testing/focusFiles';
import { fileReaders } from '../../testing/fileReaders';
import { IncompleteFileError } from './IncompleteFileError';
import { readRecords } from './readRecords';

const dir = createMockDirectory();

const { readAll, readError } = fileReaders('aws/2024-09/part-1.csv');

const HEADER = ['ChargePeriodStart', 'BilledCost', 'ChargeDescription'];
const ROWS = [
  ['2024-09-01T00:00:00Z', '1.2500000000', 'Compute, "on demand"'],
  ['2024-09-01T01:00:00Z', '0.0000000001', 'Storage'],
  ['2024-09-01T02:00:00Z', '12345678901234.1234567891', 'line one\nline two'],
  ['2024-09-01T03:00:00Z', '-3.5000000000', 'Credit'],
];

async function csvFile(name: string, options: { gzip?: boolean } = {}) {
  const file = dir.resolve(name);
  await writeFocusCsv(file, HEADER, ROWS, options);
  return file;
}

describe('readRecords on CSV', () => {
  it('returns the header, then the rows, each with the line it ends on', async () => {
    const file = await csvFile('whole.csv');
    const records = await readAll(file);
    expect(records.map(r => r.fields)).toEqual([HEADER, ...ROWS]);
    // The third row's description holds a line break: it ends on line 5.
    expect(records.map(r => r.line)).toEqual([1, 2, 3, 5, 6]);
  });

  it('reads gzip by its first bytes, whatever the name', async () => {
    const file = await csvFile('named-plain.csv', { gzip: true });
    expect(fs.readFileSync(file).subarray(0, 2)).toEqual(
      Buffer.from([0x1f, 0x8b]),
    );
    const records = await readAll(file);
    expect(records.map(r => r.fields)).toEqual([HEADER, ...ROWS]);
  });

  it('accepts a byte-order mark, CRLF line ends and empty lines', async () => {
    const file = dir.resolve('bom.csv');
    fs.writeFileSync(file, '\ufeffA,B\r\n1,2\r\n\r\n3,4\r\n');
    const records = await readAll(file);
    expect(records).toEqual([
      { fields: ['A', 'B'], line: 1 },
      { fields: ['1', '2'], line: 2 },
      { fields: ['3', '4'], line: 4 },
    ]);
  });

  it('reads a file of only a header', async () => {
    const file = dir.resolve('header-only.csv');
    fs.writeFileSync(file, 'A,B\n');
    expect(await readAll(file)).toEqual([{ fields: ['A', 'B'], line: 1 }]);
  });

  it('returns a short record in the middle as it is, for the caller to reject', async () => {
    const file = dir.resolve('short-middle.csv');
    fs.writeFileSync(file, 'A,B,C\n1,2,3\n4,5\n6,7,8\n');
    const records = await readAll(file);
    expect(records.map(r => r.fields)).toEqual([
      ['A', 'B', 'C'],
      ['1', '2', '3'],
      ['4', '5'],
      ['6', '7', '8'],
    ]);
    expect(records[2].line).toBe(3);
  });

  it('reads a file cut exactly at a line end as a whole one (the caller has other guards)', async () => {
    const file = await csvFile('cut-at-line-end.csv');
    const text = fs.readFileSync(file, 'utf8');
    const secondRowEnd = text.indexOf('\n', text.indexOf('Storage')) + 1;
    await cutFile(file, secondRowEnd);
    const records = await readAll(file);
    expect(records.map(r => r.fields)).toEqual([HEADER, ROWS[0], ROWS[1]]);
  });

  it('throws IncompleteFileError when cut in the middle of an unquoted field', async () => {
    const file = await csvFile('cut-unquoted.csv');
    const text = fs.readFileSync(file, 'utf8');
    // In the last row's cost: "-3.5" of "-3.5000000000".
    await cutFile(file, text.lastIndexOf('-3.5') + 4);
    const error = await readError(file);
    expect(error).toBeInstanceOf(IncompleteFileError);
    expect(error.name).toBe('IncompleteFileError');
    expect((error as IncompleteFileError).file).toBe('aws/2024-09/part-1.csv');
    expect(error.message).toBe(
      "aws/2024-09/part-1.csv is cut: its last line (line 6) is incomplete, no line end follows it and it has 2 of the header's 3 fields",
    );
  });

  it('does not return the cut last record before throwing', async () => {
    const file = await csvFile('cut-not-returned.csv');
    const text = fs.readFileSync(file, 'utf8');
    await cutFile(file, text.lastIndexOf('-3.5') + 4);
    const returned: string[][] = [];
    await expect(async () => {
      for await (const { fields } of readRecords(file, { name: 'f.csv' })) {
        returned.push(fields);
      }
    }).rejects.toThrow(IncompleteFileError);
    expect(returned).toEqual([HEADER, ...ROWS.slice(0, 3)]);
  });

  it('throws IncompleteFileError when cut inside a quoted field', async () => {
    const file = await csvFile('cut-quoted.csv');
    const text = fs.readFileSync(file, 'utf8');
    await cutFile(file, text.indexOf('line one') + 4);
    const error = await readError(file);
    expect(error).toBeInstanceOf(IncompleteFileError);
    expect(error.message).toBe(
      'aws/2024-09/part-1.csv is cut: a quoted field opened on line 4 is not closed at the end of the file',
    );
  });

  it('throws IncompleteFileError when the last line has no line end', async () => {
    const file = await csvFile('no-final-newline.csv');
    await cutFile(file, fs.statSync(file).size - 1);
    const error = await readError(file);
    expect(error).toBeInstanceOf(IncompleteFileError);
    expect(error.message).toBe(
      'aws/2024-09/part-1.csv is cut: its last line (line 6) is incomplete, no line end follows it',
    );
  });

  it('throws IncompleteFileError when the last record has fewer fields than the header', async () => {
    const file = dir.resolve('short-last.csv');
    fs.writeFileSync(file, 'A,B,C\n1,2,3\n4,5\n');
    const error = await readError(file, 'short-last.csv');
    expect(error).toBeInstanceOf(IncompleteFileError);
    expect(error.message).toBe(
      "short-last.csv is cut: its last record (line 3) has 2 of the header's 3 fields",
    );
  });

  it('throws IncompleteFileError for a gzip file cut half-way', async () => {
    const file = dir.resolve('cut.csv.gz');
    await writeFocusCsv(
      file,
      HEADER,
      ROWS.flatMap(row => Array.from({ length: 200 }, () => row)),
      { gzip: true },
    );
    await cutFile(file, Math.floor(fs.statSync(file).size / 2));
    const error = await readError(file, 's3://bucket/aws/cut.csv.gz');
    expect(error).toBeInstanceOf(IncompleteFileError);
    expect((error as IncompleteFileError).file).toBe(
      's3://bucket/aws/cut.csv.gz',
    );
    expect(error.message).toMatch(
      /^s3:\/\/bucket\/aws\/cut\.csv\.gz is a cut gzip file: the stream ends before its end \(unexpected end of file\)$/,
    );
  });

  it('throws IncompleteFileError for a gzip file with its body bytes flipped', async () => {
    const file = await csvFile('corrupt.csv.gz', { gzip: true });
    const bytes = fs.readFileSync(file);
    for (let i = 10; i < bytes.length - 8; i++) {
      bytes[i] ^= 0xff;
    }
    fs.writeFileSync(file, bytes);
    const error = await readError(file);
    expect(error).toBeInstanceOf(IncompleteFileError);
    expect(error.message).toMatch(
      /^aws\/2024-09\/part-1\.csv is a corrupt gzip file: /,
    );
  });

  it('throws IncompleteFileError for a gzip file whose checksum does not match', async () => {
    const file = await csvFile('bad-crc.csv.gz', { gzip: true });
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 8] ^= 0xff;
    fs.writeFileSync(file, bytes);
    const error = await readError(file);
    expect(error).toBeInstanceOf(IncompleteFileError);
    expect(error.message).toBe(
      'aws/2024-09/part-1.csv is a corrupt gzip file: incorrect data check',
    );
  });

  it('throws IncompleteFileError for a gzip file with a corrupt header', async () => {
    const file = await csvFile('bad-header.csv.gz', { gzip: true });
    const bytes = fs.readFileSync(file);
    bytes[3] = 0xff; // reserved flag bits
    fs.writeFileSync(file, bytes);
    const error = await readError(file);
    expect(error).toBeInstanceOf(IncompleteFileError);
    expect(error.message).toMatch(/is a corrupt gzip file: /);
  });

  it.each([
    ['0 bytes', Buffer.alloc(0)],
    ['only a byte-order mark', Buffer.from('\ufeff')],
    ['only white space', Buffer.from(' \r\n\n\t\n')],
    ['gzip of nothing', zlib.gzipSync(Buffer.alloc(0))],
  ])('throws IncompleteFileError "is empty" for %s', async (_what, bytes) => {
    const file = dir.resolve('empty.csv');
    fs.writeFileSync(file, bytes);
    const error = await readError(file);
    expect(error).toBeInstanceOf(IncompleteFileError);
    expect(error.message).toBe('aws/2024-09/part-1.csv is empty');
  });

  it('names the file and the line of other parse errors, which are no cuts', async () => {
    const file = dir.resolve('bad-quote.csv');
    fs.writeFileSync(file, 'A,B\n1,2\n3,x"y\n5,6\n');
    const error = await readError(file);
    expect(error).not.toBeInstanceOf(IncompleteFileError);
    expect(error.message).toMatch(
      /^aws\/2024-09\/part-1\.csv, line 3: Invalid Opening Quote: a quote is found on field 1 at line 3/,
    );
  });

  it('stops when its signal is aborted', async () => {
    const file = await csvFile('aborted.csv');
    const controller = new AbortController();
    controller.abort();
    await expect(async () => {
      for await (const _record of readRecords(file, {
        name: 'f.csv',
        signal: controller.signal,
      })) {
        // nothing
      }
    }).rejects.toThrow(expect.objectContaining({ name: 'AbortError' }));
  });
});
