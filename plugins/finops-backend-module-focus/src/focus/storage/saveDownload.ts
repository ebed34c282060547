import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { LocalCopy } from './BillingStore';

/** What {@link saveDownload} writes and checks. */
export interface SaveDownloadOptions {
  /** The response body. */
  body: NodeJS.ReadableStream;
  /** The object as messages name it, e.g. `s3://bucket/key`. */
  name: string;
  /** The object's key: the file keeps its base name (and so its extension). */
  key: string;
  /** The size the listing gave: a download of another size is refused. */
  size: number;
  /** Where the temporary folder is made. Default the OS's temporary folder. */
  tempDir?: string;
  signal?: AbortSignal;
}

/**
 * Writes a download into a new temporary folder and checks it has the listed size. A download
 * that fails or has another size is deleted and throws an error naming the object; otherwise
 * `release` deletes it.
 */
export async function saveDownload(
  options: SaveDownloadOptions,
): Promise<LocalCopy> {
  const folder = await fs.promises.mkdtemp(
    path.join(options.tempDir ?? os.tmpdir(), 'finops-focus-'),
  );
  const release = () =>
    fs.promises.rm(folder, { recursive: true, force: true });
  const file = path.join(folder, path.posix.basename(options.key) || 'object');
  try {
    await pipeline(options.body, fs.createWriteStream(file), {
      signal: options.signal,
    });
  } catch (error) {
    await release();
    throw new Error(`${options.name}: download failed: ${error}`, {
      cause: error,
    });
  }
  const { size } = await fs.promises.stat(file);
  if (size !== options.size) {
    await release();
    throw new Error(
      `${options.name}: downloaded ${size} bytes, but it was listed with ${options.size}`,
    );
  }
  return { path: file, release };
}
