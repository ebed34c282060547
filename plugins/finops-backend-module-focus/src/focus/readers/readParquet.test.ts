import { createMockDirectory } from '@backstage/backend-test-utils';
import { parquetMetadata } from 'hyparquet';
import { parquetWriteBuffer, SchemaElement } from 'hyparquet-writer';
import fs from 'node:fs';
import v8 from 'node:v8';
import vm from 'node:vm';
import {
  cutFile,
  FOCUS_HEADER,
  focusRows,
  writeFocusParquet,
} from '../../testing/focusFiles';
import { fileReaders } from '../../testing/fileReaders';
import { IncompleteFileError } from './IncompleteFileError';
import { readParquet } from './readParquet';
import { FileRecord, readRecords } from './readRecords';

const dir = createMockDirectory();

/** 0.25 as 0.25, 2 as 2: the text of the small numbers of these tests. */
const plainText = (value: number) => String(value);

const { readAll, readError } = fileReaders('aws/2024-09/part-1.parquet');

const COST_HEADER = ['ChargePeriodStart', 'BilledCost', 'ServiceName', 'Tags'];
const COST_ROWS = Array.from({ length: 30 }, (_, i) => [
  `2024-09-01T${String(i % 24).padStart(2, '0')}:00:00Z`,
  `${i}.0000000001`,
  i % 2 ? 'Amazon EC2' : 'Amazon S3',
  i % 3 ? `{"team":"t${i}"}` : '',
]);

async function costFile(name: string, rowGroupSize = 10) {
  const file = dir.resolve(name);
  await writeFocusParquet(file, COST_HEADER, COST_ROWS, { rowGroupSize });
  return file;
}

describe('readRecords on Parquet', () => {
  it('returns the schema columns as the header, then rows whose line is the row number + 1', async () => {
    const file = await costFile('lines.parquet');
    const records = await readAll(file);
    expect(records[0]).toEqual({ fields: COST_HEADER, line: 1 });
    expect(records.slice(1).map(r => r.fields)).toEqual(COST_ROWS);
    expect(records.map(r => r.line)).toEqual(
      Array.from({ length: 31 }, (_, i) => i + 1),
    );
  });

  it('writes DECIMAL(38,10) exactly, values a double cannot hold included', async () => {
    const values = [
      '12345678901234.1234567891',
      '-12345678901234.1234567891',
      '0.0000000001',
      '-0.0000000001',
      '0.0000000000',
      '9999999999999999999999999999.9999999999',
      '-9999999999999999999999999999.9999999999',
      '',
    ];
    // The first value as a JavaScript number is not the value.
    expect(String(Number(values[0]))).not.toBe(values[0]);
    const file = dir.resolve('decimals.parquet');
    await writeFocusParquet(
      file,
      ['BilledCost'],
      values.map(v => [v]),
    );
    const records = await readAll(file);
    expect(records.slice(1).map(r => r.fields[0])).toEqual(values);
  });

  it('writes a DECIMAL of another scale with that scale', async () => {
    const file = dir.resolve('scale-4.parquet');
    await writeFocusParquet(
      file,
      ['ListUnitPrice'],
      [['1.2345'], ['-0.0001'], ['12'], ['1e-4']],
      { decimalScale: 4 },
    );
    const records = await readAll(file);
    expect(records.slice(1).map(r => r.fields[0])).toEqual([
      '1.2345',
      '-0.0001',
      '12.0000',
      '0.0001',
    ]);
  });

  it.each(['MILLIS', 'MICROS', 'NANOS'] as const)(
    'writes TIMESTAMP(%s) as ISO 8601 UTC at the precision of the file',
    async unit => {
      const file = dir.resolve(`timestamps-${unit}.parquet`);
      const values = {
        MILLIS: ['2024-09-01T12:34:56.789Z'],
        MICROS: ['2024-09-01T12:34:56.789Z', '2024-09-01T12:34:56.789123Z'],
        NANOS: [
          '2024-09-01T12:34:56.789Z',
          '2024-09-01T12:34:56.789123Z',
          '2024-09-01T12:34:56.123456789Z',
        ],
      }[unit];
      const cells = [
        '2024-09-01T00:00:00Z',
        '1969-12-31T23:59:59.500Z',
        '2100-01-01T00:00:00Z',
        ...values,
        '',
      ];
      await writeFocusParquet(
        file,
        ['ChargePeriodStart'],
        cells.map(cell => [cell]),
        { timestampUnit: unit },
      );
      const records = await readAll(file);
      expect(records.slice(1).map(r => r.fields[0])).toEqual(cells);
    },
  );

  it('writes Tags (a MAP) as a JSON object', async () => {
    const tags = [
      '{"team":"payments","cost-center":"12"}',
      '{}',
      '{"quote":"a \\"b\\"","unicode":"é"}',
      '{"empty":null}',
      '',
    ];
    const file = dir.resolve('tags.parquet');
    await writeFocusParquet(
      file,
      ['Tags'],
      tags.map(t => [t]),
    );
    const records = await readAll(file);
    expect(records.slice(1).map(r => r.fields[0])).toEqual(tags);
    const schema = parquetMetadata(
      new Uint8Array(fs.readFileSync(file)).buffer,
    ).schema;
    expect(schema[1]).toMatchObject({ name: 'Tags', converted_type: 'MAP' });
  });

  it('writes numbers, booleans, dates, lists, structs and bytes as a CSV would hold them', async () => {
    const schema: SchemaElement[] = [
      { name: 'root', num_children: 12 },
      { name: 'double', type: 'DOUBLE', repetition_type: 'OPTIONAL' },
      { name: 'float', type: 'FLOAT', repetition_type: 'OPTIONAL' },
      { name: 'int32', type: 'INT32', repetition_type: 'OPTIONAL' },
      { name: 'int64', type: 'INT64', repetition_type: 'OPTIONAL' },
      { name: 'boolean', type: 'BOOLEAN', repetition_type: 'OPTIONAL' },
      {
        name: 'decimal32',
        type: 'INT32',
        repetition_type: 'OPTIONAL',
        converted_type: 'DECIMAL',
        precision: 9,
        scale: 4,
      },
      {
        name: 'decimal64',
        type: 'INT64',
        repetition_type: 'OPTIONAL',
        converted_type: 'DECIMAL',
        precision: 18,
        scale: 2,
      },
      {
        name: 'date',
        type: 'INT32',
        repetition_type: 'OPTIONAL',
        converted_type: 'DATE',
      },
      {
        name: 'list',
        repetition_type: 'OPTIONAL',
        converted_type: 'LIST',
        num_children: 1,
      },
      { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
      {
        name: 'element',
        type: 'BYTE_ARRAY',
        converted_type: 'UTF8',
        repetition_type: 'OPTIONAL',
      },
      { name: 'struct', repetition_type: 'OPTIONAL', num_children: 2 },
      { name: 'x', type: 'INT32', repetition_type: 'OPTIONAL' },
      {
        name: 'price',
        type: 'FIXED_LEN_BYTE_ARRAY',
        type_length: 8,
        repetition_type: 'OPTIONAL',
        converted_type: 'DECIMAL',
        precision: 18,
        scale: 3,
      },
      { name: 'bytes', type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL' },
      {
        name: 'decimalBytes',
        type: 'BYTE_ARRAY',
        repetition_type: 'OPTIONAL',
        converted_type: 'DECIMAL',
        precision: 30,
        scale: 5,
      },
    ];
    const buffer = parquetWriteBuffer({
      schema,
      columnData: [
        { name: 'double', data: [1e-7, 1.5e21, 0.1, -2.5, null] },
        { name: 'float', data: [0.1, 1e-7, 3.4e38, 1, null] },
        { name: 'int32', data: [1, -2, 2147483647, 0, null] },
        { name: 'int64', data: [9007199254740993n, -1n, 0n, 5n, null] },
        { name: 'boolean', data: [true, false, true, false, null] },
        { name: 'decimal32', data: [12345n, -12345n, 1n, 0n, null] },
        { name: 'decimal64', data: [123456789012345678n, -5n, 100n, 0n, null] },
        {
          name: 'date',
          data: [
            new Date('2024-09-01'),
            new Date('1969-12-31'),
            null,
            null,
            null,
          ],
        },
        { name: 'list', data: [['a', 'b'], [], null, ['"q"'], null] },
        {
          name: 'struct',
          data: [
            { x: 1, price: 1234n },
            { x: null, price: -1n },
            null,
            { x: 2, price: null },
            null,
          ],
        },
        {
          name: 'bytes',
          data: [new TextEncoder().encode('héllo'), null, null, null, null],
        },
        {
          name: 'decimalBytes',
          data: [-123456789012345678901234567890n, 5n, null, null, null],
        },
      ],
    });
    const file = dir.resolve('types.parquet');
    fs.writeFileSync(file, new Uint8Array(buffer));
    const records = await readAll(file);
    expect(records.map(r => r.fields)).toEqual([
      [
        'double',
        'float',
        'int32',
        'int64',
        'boolean',
        'decimal32',
        'decimal64',
        'date',
        'list',
        'struct',
        'bytes',
        'decimalBytes',
      ],
      [
        '0.0000001',
        '0.1',
        '1',
        '9007199254740993',
        'true',
        '1.2345',
        '1234567890123456.78',
        '2024-09-01T00:00:00Z',
        '["a","b"]',
        '{"x":1,"price":1.234}',
        'héllo',
        '-1234567890123456789012345.67890',
      ],
      [
        '1500000000000000000000',
        '0.0000001',
        '-2',
        '-1',
        'false',
        '-1.2345',
        '-0.05',
        '1969-12-31T00:00:00Z',
        '[]',
        '{"x":null,"price":-0.001}',
        '',
        '0.00005',
      ],
      [
        '0.1',
        '340000000000000000000000000000000000000',
        '2147483647',
        '0',
        'true',
        '0.0001',
        '1.00',
        '',
        '',
        '',
        '',
        '',
      ],
      [
        '-2.5',
        '1',
        '0',
        '5',
        'false',
        '0.0000',
        '0.00',
        '',
        '["\\"q\\""]',
        '{"x":2,"price":null}',
        '',
        '',
      ],
      ['', '', '', '', '', '', '', '', '', '', '', ''],
    ]);
  });

  it.each([
    ['with offset indexes', true],
    ['without offset indexes', false],
  ])('reads a large row group in parts, %s', async (_what, offsetIndex) => {
    const count = 1_000;
    const file = dir.resolve(`parts-${offsetIndex}.parquet`);
    const buffer = parquetWriteBuffer({
      columnData: [
        {
          name: 'BilledCost',
          data: Array.from({ length: count }, (_, i) => i * 0.25),
          type: 'DOUBLE',
          offsetIndex,
        },
        {
          name: 'ServiceName',
          data: Array.from({ length: count }, (_, i) => `service ${i % 7}`),
          type: 'STRING',
          offsetIndex,
        },
      ],
      // Pages of a few dozen rows, so that parts begin and end inside pages.
      pageSize: 300,
      rowGroupSize: count,
    });
    fs.writeFileSync(file, new Uint8Array(buffer));
    const metadata = parquetMetadata(buffer);
    expect(metadata.row_groups.length).toBe(1);
    expect(Boolean(metadata.row_groups[0].columns[0].offset_index_offset)).toBe(
      offsetIndex,
    );
    const records: FileRecord[] = [];
    for await (const record of readParquet(file, {
      name: 'parts.parquet',
      rowsPerRead: 77,
    })) {
      records.push(record);
    }
    expect(records).toEqual([
      { fields: ['BilledCost', 'ServiceName'], line: 1 },
      ...Array.from({ length: count }, (_, i) => ({
        fields: [plainText(i * 0.25), `service ${i % 7}`],
        line: i + 2,
      })),
    ]);
  });

  it('throws IncompleteFileError for a file cut short (its footer gone)', async () => {
    const file = await costFile('cut.parquet');
    await cutFile(file, Math.floor(fs.statSync(file).size / 2));
    const error = await readError(file);
    expect(error).toBeInstanceOf(IncompleteFileError);
    expect((error as IncompleteFileError).file).toBe(
      'aws/2024-09/part-1.parquet',
    );
    expect(error.message).toBe(
      'aws/2024-09/part-1.parquet is a cut Parquet file: it does not end with "PAR1" (its footer is missing)',
    );
  });

  it('throws IncompleteFileError for a file of only its first bytes', async () => {
    const file = await costFile('tiny.parquet');
    await cutFile(file, 6);
    const error = await readError(file);
    expect(error).toBeInstanceOf(IncompleteFileError);
    expect(error.message).toBe(
      'aws/2024-09/part-1.parquet is a cut Parquet file: 6 bytes, too short for a footer',
    );
  });

  it('throws IncompleteFileError for a garbage footer', async () => {
    const file = await costFile('garbage-footer.parquet');
    const bytes = fs.readFileSync(file);
    const metadataLength = bytes.readUInt32LE(bytes.length - 8);
    let seed = 7;
    for (let i = bytes.length - 8 - metadataLength; i < bytes.length - 8; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      bytes[i] = seed >> 16;
    }
    fs.writeFileSync(file, bytes);
    const error = await readError(file);
    expect(error).toBeInstanceOf(IncompleteFileError);
    expect(error.message).toMatch(
      /^aws\/2024-09\/part-1\.parquet is a corrupt Parquet file: /,
    );
  });

  it('throws IncompleteFileError for a footer length beyond the file', async () => {
    const file = await costFile('footer-length.parquet');
    const bytes = fs.readFileSync(file);
    bytes.writeUInt32LE(bytes.length, bytes.length - 8);
    fs.writeFileSync(file, bytes);
    const error = await readError(file);
    expect(error).toBeInstanceOf(IncompleteFileError);
    expect(error.message).toMatch(
      /is a corrupt Parquet file: its footer says \d+ bytes of metadata, more than the file holds$/,
    );
  });

  it('throws IncompleteFileError for a row group that cannot be read, after the rows before it', async () => {
    const file = await costFile('bad-row-group.parquet');
    const bytes = fs.readFileSync(file);
    const metadata = parquetMetadata(new Uint8Array(bytes).buffer);
    const chunk = metadata.row_groups[1].columns[1].meta_data!;
    const start = Number(
      chunk.dictionary_page_offset ?? chunk.data_page_offset,
    );
    bytes.fill(0xff, start, start + Number(chunk.total_compressed_size));
    fs.writeFileSync(file, bytes);
    const returned: string[][] = [];
    let error: unknown;
    try {
      for await (const { fields } of readRecords(file, { name: 'g.parquet' })) {
        returned.push(fields);
      }
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(IncompleteFileError);
    expect((error as Error).message).toMatch(
      /^g\.parquet is a corrupt Parquet file: row group 2 \(rows 11-20\) cannot be read \(/,
    );
    expect(returned).toEqual([COST_HEADER, ...COST_ROWS.slice(0, 10)]);
  });

  it('keeps the heap bounded: one row group at a time, not the file', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    // 300 000 rows rather than 500 000: jest's sandbox runs this code about three times slower
    // than plain Node.js, and the test is to stay well under 20 s.
    const rows = 300_000;
    const columns = ['ChargePeriodStart', 'BilledCost', 'ResourceId', 'Tags'];
    const positions = columns.map(column => FOCUS_HEADER.indexOf(column));
    function* narrowRows() {
      for (const row of focusRows(rows)) {
        yield positions.map(position => row[position]);
      }
    }
    const file = dir.resolve('large.parquet');
    const writeStart = Date.now();
    await writeFocusParquet(file, columns, narrowRows(), {
      rowGroupSize: 10_000,
    });
    const writeMillis = Date.now() - writeStart;

    gc();
    const before = process.memoryUsage().heapUsed;
    let peak = 0;
    let count = 0;
    let text = 0;
    const readStart = Date.now();
    for await (const { fields, line } of readRecords(file, { name: 'large' })) {
      count++;
      text += line > 1 ? fields[2].length : 0;
      if (line % 25_000 === 0) {
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed - before);
      }
    }
    const readMillis = Date.now() - readStart;
    // eslint-disable-next-line no-console
    console.log(
      `Parquet of ${rows} rows x ${columns.length} columns (${(
        fs.statSync(file).size / 1e6
      ).toFixed(
        1,
      )} MB, row groups of 10 000): written in ${writeMillis} ms, read in ${readMillis} ms, heap growth while read ${(
        peak / 1e6
      ).toFixed(1)} MB`,
    );
    expect(count).toBe(rows + 1);
    // The file's ResourceId texts alone are over 16 M characters (54 each).
    expect(text).toBe(rows * 54);
    expect(peak).toBeLessThan(32e6);
  }, 60_000);
});
