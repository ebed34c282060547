import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { S3TestServer, startS3Server } from './startS3Server';

describe('startS3Server', () => {
  let server: S3TestServer;
  let client: S3Client;

  beforeAll(async () => {
    server = await startS3Server();
    client = new S3Client({
      region: server.region,
      endpoint: server.endpoint,
      forcePathStyle: true,
      credentials: server.credentials,
    });
  });
  afterAll(async () => {
    client.destroy();
    await server.stop();
  });

  it('stores what the SDK puts, plain or streamed (aws-chunked), and answers HeadObject and GetObject', async () => {
    await client.send(
      new PutObjectCommand({
        Bucket: server.bucket,
        Key: 'put/plain.csv',
        Body: 'a,b\n1,2\n',
        ContentType: 'text/csv',
      }),
    );
    await client.send(
      new PutObjectCommand({
        Bucket: server.bucket,
        Key: 'put/streamed name.csv',
        Body: Readable.from([Buffer.from('a,b\n'), Buffer.from('3,4\n')]),
        ContentLength: 8,
      }),
    );

    const head = await client.send(
      new HeadObjectCommand({ Bucket: server.bucket, Key: 'put/plain.csv' }),
    );
    const streamed = await client.send(
      new GetObjectCommand({
        Bucket: server.bucket,
        Key: 'put/streamed name.csv',
      }),
    );
    const range = await client.send(
      new GetObjectCommand({
        Bucket: server.bucket,
        Key: 'put/plain.csv',
        Range: 'bytes=4-6',
      }),
    );

    expect(head).toMatchObject({
      ContentLength: 8,
      ContentType: 'text/csv',
      ETag: expect.stringMatching(/^"[0-9a-f]{32}"$/),
    });
    expect(await streamed.Body!.transformToString()).toBe('a,b\n3,4\n');
    expect(range.ContentRange).toBe('bytes 4-6/8');
    expect(await range.Body!.transformToString()).toBe('1,2');
  });

  it('pages ListObjectsV2 with continuation tokens, and after a start key', async () => {
    for (const key of ['page/1', 'page/2', 'page/3']) {
      server.put(key, key);
    }
    const first = await client.send(
      new ListObjectsV2Command({
        Bucket: server.bucket,
        Prefix: 'page/',
        MaxKeys: 2,
      }),
    );
    const second = await client.send(
      new ListObjectsV2Command({
        Bucket: server.bucket,
        Prefix: 'page/',
        MaxKeys: 2,
        ContinuationToken: first.NextContinuationToken,
      }),
    );
    const after = await client.send(
      new ListObjectsV2Command({
        Bucket: server.bucket,
        Prefix: 'page/',
        StartAfter: 'page/1',
      }),
    );

    expect(first.Contents?.map(item => item.Key)).toEqual(['page/1', 'page/2']);
    expect(first).toMatchObject({ IsTruncated: true, KeyCount: 2 });
    expect(second.Contents?.map(item => item.Key)).toEqual(['page/3']);
    expect(second).toMatchObject({ IsTruncated: false, KeyCount: 1 });
    expect(after.Contents?.map(item => item.Key)).toEqual(['page/2', 'page/3']);
  });

  it("answers S3's errors: NoSuchKey, NoSuchBucket", async () => {
    await expect(
      client.send(
        new GetObjectCommand({ Bucket: server.bucket, Key: 'no/such.csv' }),
      ),
    ).rejects.toMatchObject({ name: 'NoSuchKey' });
    await expect(
      client.send(new ListObjectsV2Command({ Bucket: 'no-such-bucket' })),
    ).rejects.toMatchObject({ name: 'NoSuchBucket' });
  });
});
