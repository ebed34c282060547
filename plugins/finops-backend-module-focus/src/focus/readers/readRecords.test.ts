import { createMockDirectory } from '@backstage/backend-test-utils';
import path from 'node:path';
import {
  FOCUS_DECIMAL_COLUMNS,
  FOCUS_HEADER,
  FOCUS_TIMESTAMP_COLUMNS,
  focusRows,
  FocusParquetOptions,
  writeFocusCsv,
  writeFocusParquet,
} from '../../testing/focusFiles';
import { Decimal, FIXTURES, fixtureFiles } from '../../testing/fileTotals';
import { FileRecord, fileKind, readRecords } from './readRecords';

const dir = createMockDirectory();

async function readAll(file: string) {
  const records: FileRecord[] = [];
  for await (const record of readRecords(file, { name: path.basename(file) })) {
    records.push(record);
  }
  return records;
}

const ROWS = Array.from(focusRows(5_000));

describe('readRecords', () => {
  let csvRecords: FileRecord[];

  beforeAll(async () => {
    const file = dir.resolve('rows.csv');
    await writeFocusCsv(file, FOCUS_HEADER, ROWS);
    csvRecords = await readAll(file);
  });

  it('reads the rows of a CSV file as they were written', () => {
    expect(csvRecords[0].fields).toEqual(FOCUS_HEADER);
    expect(csvRecords.slice(1).map(r => r.fields)).toEqual(ROWS);
    // Costs that a double cannot hold are in the file.
    expect(ROWS.some(row => row.includes('12345678901234.1234567891'))).toBe(
      true,
    );
  });

  it.each<[string, FocusParquetOptions | 'gzip']>([
    ['CSV.gz', 'gzip'],
    ['Parquet, SNAPPY', { compression: 'SNAPPY', rowGroupSize: 1_000 }],
    ['Parquet, ZSTD', { compression: 'ZSTD', rowGroupSize: 1_000 }],
    ['Parquet, GZIP', { compression: 'GZIP', rowGroupSize: 2_000 }],
    ['Parquet, BROTLI', { compression: 'BROTLI', rowGroupSize: 5_000 }],
    [
      'Parquet, UNCOMPRESSED, Tags as a string',
      { compression: 'UNCOMPRESSED', tags: 'string' },
    ],
  ])(
    'reads the same rows from %s, field by field',
    async (what, options) => {
      const file = dir.resolve(`rows-${what.replace(/\W+/g, '-')}`);
      if (options === 'gzip') {
        await writeFocusCsv(file, FOCUS_HEADER, ROWS, { gzip: true });
      } else {
        await writeFocusParquet(file, FOCUS_HEADER, ROWS, options);
      }
      const records = await readAll(file);
      expect(records.length).toBe(csvRecords.length);
      expect(records[0]).toEqual(csvRecords[0]);
      for (let i = 1; i < records.length; i++) {
        // Line numbers agree too: no CSV row here spans two lines.
        expect(records[i]).toEqual(csvRecords[i]);
      }
    },
    60_000,
  );

  it('tells the kind of a file by its content, not its name', async () => {
    const parquet = dir.resolve('parquet-named.csv');
    const gzip = dir.resolve('gzip-named.parquet');
    const csv = dir.resolve('csv-named.csv.gz');
    await writeFocusParquet(parquet, FOCUS_HEADER, ROWS.slice(0, 10));
    await writeFocusCsv(gzip, FOCUS_HEADER, ROWS.slice(0, 10), { gzip: true });
    await writeFocusCsv(csv, FOCUS_HEADER, ROWS.slice(0, 10));
    expect(await fileKind(parquet)).toBe('parquet');
    expect(await fileKind(gzip)).toBe('gzip');
    expect(await fileKind(csv)).toBe('csv');
    for (const file of [parquet, gzip, csv]) {
      expect((await readAll(file)).map(r => r.fields)).toEqual([
        FOCUS_HEADER,
        ...ROWS.slice(0, 10),
      ]);
    }
  });

  describe('the fixtures: the FOCUS specification examples and the AWS, Azure and messy files', () => {
    // spec-examples/ is a copy of /work/shared/data/focus-spec-examples, in the repository.
    const files = ['spec-examples', 'aws-1.0', 'azure-1.2', 'messy'].flatMap(
      fixtureFiles,
    );

    it('are there', () => {
      expect(files.length).toBeGreaterThanOrEqual(14);
    });

    const isNull = (text: string) =>
      ['', 'null'].includes(text.trim().toLowerCase());
    const isDecimal = (text: string) => /^[+-]?\d+(\.\d+)?$/.test(text.trim());
    const isTimestamp = (text: string) =>
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(text) &&
      !Number.isNaN(Date.parse(text)) &&
      new Date(text).toISOString().replace('.000Z', 'Z') === text;
    const isTagMap = (text: string) => {
      try {
        const tags = JSON.parse(text);
        return (
          typeof tags === 'object' &&
          tags !== null &&
          !Array.isArray(tags) &&
          Object.values(tags).every(v => v === null || typeof v === 'string')
        );
      } catch {
        return false;
      }
    };

    it.each(files.map(file => [path.relative(FIXTURES, file), file]))(
      '%s reads the same as CSV and as Parquet',
      async (_name, csvFile) => {
        const name = path.relative(FIXTURES, csvFile);
        const [header, ...rows] = (await readAll(csvFile)).map(r => r.fields);
        expect(rows.length).toBeGreaterThan(0);
        const typed = (names: string[], is: (text: string) => boolean) =>
          header.filter(
            (c, i) =>
              names.includes(c) &&
              rows.every(row => isNull(row[i] ?? '') || is(row[i])),
          );
        // Typed as an export types them where the file's values allow it: one specification
        // example ends a charge period at "2023-02-01T30:00:00Z", which no TIMESTAMP holds,
        // and the messy file has a bad number, a bad date and Tags that are no JSON.
        const decimalColumns = typed(FOCUS_DECIMAL_COLUMNS, isDecimal);
        const timestampColumns = typed(FOCUS_TIMESTAMP_COLUMNS, isTimestamp);
        const tagsAsMap = typed(['Tags'], isTagMap).length > 0;
        expect(decimalColumns.length).toBeGreaterThan(0);
        // DECIMAL(38,10), or more decimals where a cell has more (the messy file has 22).
        const decimalScale = Math.max(
          10,
          ...rows.flatMap(row =>
            decimalColumns.map(
              column =>
                /\.(\d*)/.exec(row[header.indexOf(column)] ?? '')?.[1].length ??
                0,
            ),
          ),
        );

        for (const compression of ['SNAPPY', 'ZSTD'] as const) {
          const file = dir.resolve(
            `${name.replace(/\W+/g, '-')}.${compression}.parquet`,
          );
          await writeFocusParquet(file, header, rows, {
            decimalColumns,
            decimalScale,
            timestampColumns,
            tags: tagsAsMap ? 'map' : 'string',
            compression,
            rowGroupSize: 2,
          });
          const [parquetHeader, ...parquetRows] = (await readAll(file)).map(
            r => r.fields,
          );
          expect(parquetHeader).toEqual(header);
          expect(parquetRows.length).toBe(rows.length);
          rows.forEach((row, r) => {
            header.forEach((column, c) => {
              const where = `${name} row ${r + 1} ${column}`;
              const csv = row[c] ?? '';
              const parquet = parquetRows[r][c];
              let expected = csv;
              let actual = parquet;
              if (decimalColumns.includes(column) && !isNull(csv)) {
                // DECIMAL(38,10): 4380.00 is read 4380.0000000000, the same number
                // with all the decimals of the scale.
                const decimals = parquet.split('.')[1]?.length ?? 0;
                expected = `${new Decimal(
                  csv,
                ).toFixed()}, ${decimalScale} decimals`;
                actual = `${new Decimal(
                  parquet,
                ).toFixed()}, ${decimals} decimals`;
              } else if (column === 'Tags' && tagsAsMap && !isNull(csv)) {
                // A MAP is read as compact JSON: {"a": "b"} is read {"a":"b"}.
                expected = JSON.stringify(JSON.parse(csv));
              } else if (
                (decimalColumns.includes(column) ||
                  timestampColumns.includes(column) ||
                  (column === 'Tags' && tagsAsMap)) &&
                isNull(csv)
              ) {
                // A typed column holds null for an empty or "null" cell, read as empty.
                expected = '';
              }
              expect({ where, value: actual }).toEqual({
                where,
                value: expected,
              });
            });
          });
        }
      },
    );
  });

  it('writes 200 000 rows as Parquet and as CSV.gz that read back whole', async () => {
    const rows = 200_000;
    const parquet = dir.resolve('large.parquet');
    const gzip = dir.resolve('large.csv.gz');
    await writeFocusParquet(parquet, FOCUS_HEADER, focusRows(rows));
    await writeFocusCsv(gzip, FOCUS_HEADER, focusRows(rows), { gzip: true });
    // How fast is the benchmark's business (yarn bench:exports), not this test's.
    for (const file of [parquet, gzip]) {
      let count = 0;
      let last: FileRecord | undefined;
      for await (const record of readRecords(file, {
        name: path.basename(file),
      })) {
        count += 1;
        last = record;
      }
      // The header, then every row.
      expect(count).toBe(rows + 1);
      expect(last?.line).toBe(rows + 1);
    }
  }, 180_000);
});
