import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FolderStore } from './FolderStore';

describe('FolderStore', () => {
  let folder: string;

  beforeEach(async () => {
    folder = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'folder-store-'));
    await fs.promises.mkdir(path.join(folder, 'sub', 'deeper'), {
      recursive: true,
    });
    await fs.promises.writeFile(path.join(folder, 'b.csv'), 'b\n');
    await fs.promises.writeFile(path.join(folder, 'a.csv'), 'a,a\n');
    await fs.promises.writeFile(
      path.join(folder, 'sub', 'deeper', 'c.csv.gz'),
      'c',
    );
  });
  afterEach(async () => {
    await fs.promises.rm(folder, { recursive: true, force: true });
  });

  it('lists its files recursively, by relative key, with size and modification time as the version', async () => {
    const stats = await fs.promises.stat(path.join(folder, 'a.csv'));

    const objects = await new FolderStore(folder).list();

    expect(objects.map(object => object.key)).toEqual([
      'a.csv',
      'b.csv',
      'sub/deeper/c.csv.gz',
    ]);
    expect(objects[0]).toEqual({
      key: 'a.csv',
      size: 4,
      version: `4-${stats.mtimeMs}`,
      modified: stats.mtime.toISOString(),
    });
  });

  it('fetches the file itself, and keeps it on release', async () => {
    const store = new FolderStore(folder);
    const [object] = await store.list();

    const copy = await store.fetch(object);
    await copy.release();

    expect(copy.path).toBe(path.join(folder, 'a.csv'));
    expect(await fs.promises.readFile(copy.path, 'utf8')).toBe('a,a\n');
  });

  it('refuses a file that changed size since it was listed', async () => {
    const store = new FolderStore(folder);
    const [object] = await store.list();
    await fs.promises.appendFile(path.join(folder, 'a.csv'), '1,2\n');

    await expect(store.fetch(object)).rejects.toThrow(
      `${path.join(folder, 'a.csv')} has 8 bytes, not the 4 it was listed with`,
    );
  });

  it('reads a file as text, and refuses a key leading out of the folder', async () => {
    const store = new FolderStore(folder);

    expect(await store.readText('sub/deeper/c.csv.gz')).toBe('c');
    await expect(store.readText('../outside.json')).rejects.toThrow(
      `../outside.json is not a file of ${folder}`,
    );
  });
});
