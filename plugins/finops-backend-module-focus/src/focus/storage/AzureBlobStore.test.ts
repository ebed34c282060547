import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AzuriteTestServer, startAzurite } from '../../testing/startAzurite';
import { AzureBlobStore } from './AzureBlobStore';

describe('AzureBlobStore', () => {
  let azurite: AzuriteTestServer;
  let tempDir: string;

  beforeAll(async () => {
    azurite = await startAzurite();
    for (const name of [
      'e.csv',
      'a.csv',
      'sub/c.csv.gz',
      'b.csv',
      'd.parquet',
    ]) {
      await azurite.put(`exports/${name}`, `${name}\n`);
    }
    await azurite.put('exports-other/x.csv', 'not under the prefix');
    await azurite.put('outside.csv', 'not under the prefix');
  });
  afterAll(async () => {
    await azurite.stop();
  });
  beforeEach(async () => {
    tempDir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'blob-store-'));
  });
  afterEach(async () => {
    await fs.promises.rm(tempDir, { recursive: true, force: true });
  });

  function counter() {
    const requests: string[] = [];
    return { requests, countRequest: (name: string) => requests.push(name) };
  }

  const KEYS = ['a.csv', 'b.csv', 'd.parquet', 'e.csv', 'sub/c.csv.gz'];

  describe('with a connection string', () => {
    function storeOf(prefix = 'exports') {
      return new AzureBlobStore({
        connectionString: azurite.connectionString,
        container: azurite.container,
        prefix,
        pageSize: 2,
        tempDir,
      });
    }

    it('lists every blob under the prefix, one List Blobs request per page', async () => {
      const count = counter();

      const objects = await storeOf().list(count);

      expect(objects.map(object => object.key)).toEqual(KEYS);
      expect(objects[0]).toEqual({
        key: 'a.csv',
        size: 6,
        version: expect.stringMatching(/^"?0x[0-9A-F]+"?$/),
        modified: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      expect(count.requests).toEqual(['ListBlobs', 'ListBlobs', 'ListBlobs']);
      expect(storeOf().location).toBe(
        `azure://devstoreaccount1/${azurite.container}/exports/`,
      );
    });

    it('fetches a blob to a temporary file with one Get Blob, deleted on release', async () => {
      const objects = await storeOf().list();
      const count = counter();

      const copy = await storeOf().fetch(objects[4], count);

      expect(await fs.promises.readFile(copy.path, 'utf8')).toBe(
        'sub/c.csv.gz\n',
      );
      expect(path.basename(copy.path)).toBe('c.csv.gz');
      expect(count.requests).toEqual(['GetBlob']);
      await copy.release();
      expect(await fs.promises.readdir(tempDir)).toEqual([]);
    });

    it('refuses a blob that changed size since it was listed, and deletes the download', async () => {
      await azurite.put('changed/data.csv', 'a,b\n1,2\n3,4\n');
      const [object] = await storeOf('changed').list();
      await azurite.put('changed/data.csv', 'a,b\n1,2\n');

      await expect(storeOf('changed').fetch(object)).rejects.toThrow(
        `azure://devstoreaccount1/${azurite.container}/changed/data.csv: downloaded 8 bytes, but it was listed with 12`,
      );
      expect(await fs.promises.readdir(tempDir)).toEqual([]);
    });

    it('reads a blob as text with one Get Blob, and names a missing one', async () => {
      const count = counter();

      expect(await storeOf().readText('b.csv', count)).toBe('b.csv\n');
      expect(count.requests).toEqual(['GetBlob']);
      await expect(storeOf().readText('gone.json')).rejects.toThrow(
        `azure://devstoreaccount1/${azurite.container}/exports/gone.json:`,
      );
    });
  });

  describe('with a SAS token', () => {
    function storeOf(sasToken: string) {
      return new AzureBlobStore({
        accountUrl: azurite.url,
        container: azurite.container,
        prefix: 'exports/',
        sasToken,
        pageSize: 2,
        tempDir,
      });
    }

    it('lists and fetches with read and list permissions', async () => {
      const store = storeOf(azurite.sasToken('rl'));
      const count = counter();

      const objects = await store.list(count);
      const copy = await store.fetch(objects[0], count);

      expect(objects.map(object => object.key)).toEqual(KEYS);
      expect(await fs.promises.readFile(copy.path, 'utf8')).toBe('a.csv\n');
      expect(count.requests).toEqual([
        'ListBlobs',
        'ListBlobs',
        'ListBlobs',
        'GetBlob',
      ]);
      await copy.release();
    });

    it('is refused the listing by a token without the list permission', async () => {
      await expect(storeOf(azurite.sasToken('r')).list()).rejects.toThrow(
        /not authorized|AuthorizationPermissionMismatch/i,
      );
    });
  });
});
