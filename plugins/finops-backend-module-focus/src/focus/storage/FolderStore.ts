import fs from 'node:fs';
import path from 'node:path';
import {
  BillingObject,
  BillingStore,
  LocalCopy,
  StoreCallOptions,
} from './BillingStore';

/**
 * A local folder as a billing store: its files, in the folder and its sub-folders, are the objects.
 * A file's key is its path relative to the folder, `/`-separated; its version is its size and
 * modification time. Nothing is copied: `fetch` gives the file itself.
 */
export class FolderStore implements BillingStore {
  readonly location: string;
  private readonly folder: string;

  constructor(folder: string) {
    this.folder = path.resolve(folder);
    this.location = this.folder;
  }

  async list(options: StoreCallOptions = {}): Promise<BillingObject[]> {
    options.signal?.throwIfAborted();
    const entries = await fs.promises.readdir(this.folder, {
      recursive: true,
      withFileTypes: true,
    });
    const objects: BillingObject[] = [];
    for (const entry of entries) {
      if (!entry.isFile()) {
        continue;
      }
      const file = path.join(entry.parentPath, entry.name);
      const stats = await fs.promises.stat(file);
      objects.push({
        key: path.relative(this.folder, file).split(path.sep).join('/'),
        size: stats.size,
        version: `${stats.size}-${stats.mtimeMs}`,
        modified: stats.mtime.toISOString(),
      });
    }
    return objects.sort((a, b) => compareKeys(a.key, b.key));
  }

  async fetch(
    object: BillingObject,
    options: StoreCallOptions = {},
  ): Promise<LocalCopy> {
    options.signal?.throwIfAborted();
    const file = this.pathOf(object.key);
    const stats = await fs.promises.stat(file);
    if (stats.size !== object.size) {
      throw new Error(
        `${file} has ${stats.size} bytes, not the ${object.size} it was listed with: it changed since`,
      );
    }
    return { path: file, release: async () => {} };
  }

  async readText(key: string, options: StoreCallOptions = {}): Promise<string> {
    options.signal?.throwIfAborted();
    return fs.promises.readFile(this.pathOf(key), 'utf8');
  }

  /** The file of a key; a key that would lead out of the folder is refused. */
  private pathOf(key: string): string {
    const file = path.resolve(this.folder, key);
    if (!file.startsWith(this.folder + path.sep)) {
      throw new Error(`${key} is not a file of ${this.folder}`);
    }
    return file;
  }
}

/** Keys in code-unit order, as S3 and Azure Blob sort their listings (for ASCII keys). */
function compareKeys(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}
