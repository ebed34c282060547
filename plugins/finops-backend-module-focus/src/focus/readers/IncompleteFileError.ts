/**
 * A data file that is not whole: cut short while it was written or copied (a CSV whose last
 * line is incomplete, a gzip stream that ends early or does not decode, a Parquet file whose
 * footer is gone or unreadable), or empty. The rows read before it was noticed must not be
 * taken as the file's content.
 */
export class IncompleteFileError extends Error {
  /** How the file is named in messages (`aws/2024-09/part-1.csv`, `s3://bucket/key`). */
  readonly file: string;

  constructor(file: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IncompleteFileError';
    this.file = file;
  }
}
