import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { S3TestServer, startS3Server } from '../../testing/startS3Server';
import { S3Store } from './S3Store';

describe('S3Store', () => {
  let server: S3TestServer;
  let tempDir: string;

  beforeAll(async () => {
    server = await startS3Server();
  });
  afterAll(async () => {
    await server.stop();
  });
  beforeEach(async () => {
    tempDir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 's3-store-'));
  });
  afterEach(async () => {
    await fs.promises.rm(tempDir, { recursive: true, force: true });
  });

  /** A store of the test server, as createStore makes one for an S3-compatible endpoint. */
  function storeOf(prefix: string, pageSize?: number) {
    return new S3Store({
      bucket: server.bucket,
      prefix,
      endpoint: server.endpoint,
      forcePathStyle: true,
      accessKeyId: server.credentials.accessKeyId,
      secretAccessKey: server.credentials.secretAccessKey,
      pageSize,
      tempDir,
    });
  }

  function counter() {
    const requests: string[] = [];
    return { requests, countRequest: (name: string) => requests.push(name) };
  }

  it('lists every object under the prefix, one ListObjectsV2 request per page', async () => {
    for (const name of [
      'e.csv',
      'a.csv',
      'sub/c.csv.gz',
      'b.csv',
      'd.parquet',
    ]) {
      server.put(`listing/${name}`, `${name}\n`);
    }
    server.put('listing/folder/', '');
    server.put('listing-other/x.csv', 'not under the prefix');
    server.put('outside.csv', 'not under the prefix');
    const count = counter();
    const before = server.requests.length;

    const objects = await storeOf('listing', 2).list(count);

    expect(objects.map(object => object.key)).toEqual([
      'a.csv',
      'b.csv',
      'd.parquet',
      'e.csv',
      'sub/c.csv.gz',
    ]);
    expect(objects[0]).toEqual({
      key: 'a.csv',
      size: 6,
      version: expect.stringMatching(/^"[0-9a-f]{32}"$/),
      modified: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    // Six keys under the prefix (the folder marker among them) in pages of two.
    expect(count.requests).toEqual([
      'ListObjectsV2',
      'ListObjectsV2',
      'ListObjectsV2',
    ]);
    expect(server.requests.slice(before)).toEqual(count.requests);
  });

  it('names the bucket and prefix as its location', () => {
    expect(storeOf('/exports/focus/').location).toBe(
      `s3://${server.bucket}/exports/focus/`,
    );
    expect(storeOf('').location).toBe(`s3://${server.bucket}/`);
  });

  it('fetches an object to a temporary file with one GetObject, deleted on release', async () => {
    server.put('fetch/data.csv', 'a,b\n1,2\n');
    const [object] = await storeOf('fetch').list();
    const count = counter();

    const copy = await storeOf('fetch').fetch(object, count);

    expect(await fs.promises.readFile(copy.path, 'utf8')).toBe('a,b\n1,2\n');
    expect(path.basename(copy.path)).toBe('data.csv');
    expect(count.requests).toEqual(['GetObject']);
    await copy.release();
    expect(await fs.promises.readdir(tempDir)).toEqual([]);
  });

  it('refuses an object that changed size since it was listed, and deletes the download', async () => {
    server.put('changed/data.csv', 'a,b\n1,2\n3,4\n');
    const [object] = await storeOf('changed').list();
    server.put('changed/data.csv', 'a,b\n1,2\n');

    await expect(storeOf('changed').fetch(object)).rejects.toThrow(
      `s3://${server.bucket}/changed/data.csv: downloaded 8 bytes, but it was listed with 12`,
    );
    expect(await fs.promises.readdir(tempDir)).toEqual([]);
  });

  it('refuses a body cut short, and deletes the download', async () => {
    server.put('cut/data.csv', 'a,b\n1,2\n3,4\n');
    const [object] = await storeOf('cut').list();
    server.cutNextGet('cut/data.csv', 5);

    await expect(storeOf('cut').fetch(object)).rejects.toThrow(
      `s3://${server.bucket}/cut/data.csv: download failed:`,
    );
    expect(await fs.promises.readdir(tempDir)).toEqual([]);
  });

  it('reads a manifest with one GetObject, and names a missing one', async () => {
    server.put('text/manifest.json', '{"dataFiles":[]}');
    const count = counter();

    expect(await storeOf('text').readText('manifest.json', count)).toBe(
      '{"dataFiles":[]}',
    );
    expect(count.requests).toEqual(['GetObject']);
    await expect(storeOf('text').readText('gone.json')).rejects.toThrow(
      `s3://${server.bucket}/text/gone.json: NoSuchKey`,
    );
  });
});
