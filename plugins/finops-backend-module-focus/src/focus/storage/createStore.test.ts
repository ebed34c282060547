import { ConfigReader } from '@backstage/config';
import { S3TestServer, startS3Server } from '../../testing/startS3Server';
import { createStore } from './createStore';

function storeOf(entry: object) {
  return createStore(new ConfigReader({ key: 'focus-test', ...entry }));
}

describe('createStore', () => {
  let server: S3TestServer;

  beforeAll(async () => {
    server = await startS3Server();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('makes a folder store of path, or of a folder location', () => {
    expect(storeOf({ path: '/data/focus' }).location).toBe('/data/focus');
    expect(
      storeOf({ location: { kind: 'folder', path: '/data/focus' } }).location,
    ).toBe('/data/focus');
  });

  it('makes an S3 store that reads an S3-compatible endpoint', async () => {
    server.put('exports/focus/a.csv', 'a\n');
    const store = storeOf({
      location: {
        kind: 's3',
        bucket: server.bucket,
        prefix: 'exports/focus',
        endpoint: server.endpoint,
        forcePathStyle: true,
        ...server.credentials,
      },
    });

    expect(store.location).toBe(`s3://${server.bucket}/exports/focus/`);
    expect((await store.list()).map(object => object.key)).toEqual(['a.csv']);
  });

  it('makes an Azure Blob store of an account', () => {
    const store = storeOf({
      location: {
        kind: 'azureBlob',
        account: 'billingacct',
        container: 'exports',
        prefix: 'focus',
        sasToken: 'sv=2024-08-04&sp=rl&sig=x',
      },
    });

    expect(store.location).toBe('azure://billingacct/exports/focus/');
  });

  it.each([
    [{}, 'set path (a folder) or location (folder, s3 or azureBlob)'],
    [
      { path: '/data', location: { kind: 'folder', path: '/data' } },
      'set either path or location, not both',
    ],
    [
      { location: { kind: 'gcs' } },
      "location.kind is 'gcs': one of folder, s3, azureBlob",
    ],
    [{ location: { bucket: 'b' } }, 'location.kind is missing'],
    [{ location: { kind: 'folder' } }, 'location.path is missing'],
    [{ location: { kind: 's3' } }, 'location.bucket is missing'],
    [
      { location: { kind: 's3', bucket: 'b', accessKeyId: 'AKIA' } },
      'location.accessKeyId and location.secretAccessKey go together',
    ],
    [
      { location: { kind: 's3', bucket: 'b', externalId: 'x' } },
      'location.externalId needs location.roleArn',
    ],
    [
      { location: { kind: 'azureBlob', container: 'c' } },
      'location.account (or location.accountUrl, or location.connectionString) is missing',
    ],
    [
      { location: { kind: 'azureBlob', account: 'a' } },
      'location.container is missing',
    ],
    [
      {
        location: {
          kind: 'azureBlob',
          account: 'a',
          container: 'c',
          clientSecret: 's',
        },
      },
      'location.clientSecret needs location.tenantId and location.clientId',
    ],
  ])('refuses %j, naming the source', (entry, message) => {
    expect(() => storeOf(entry)).toThrow(`FOCUS source focus-test: ${message}`);
  });
});
