import { FileRecord, readRecords } from '../focus/readers/readRecords';

/**
 * The readers of a test of file reading: `readAll` gives every record of a file read as if it
 * had the name `defaultName` (a delivery's path, which tells the format), `readError` what
 * reading it throws (and fails the test when it reads fine).
 */
export function fileReaders(defaultName: string) {
  const readAll = async (file: string, name = defaultName) => {
    const records: FileRecord[] = [];
    for await (const record of readRecords(file, { name })) {
      records.push(record);
    }
    return records;
  };
  const readError = async (file: string, name = defaultName) => {
    try {
      await readAll(file, name);
    } catch (error) {
      return error as Error;
    }
    throw new Error(`${file} was read without an error`);
  };
  return { readAll, readError };
}
