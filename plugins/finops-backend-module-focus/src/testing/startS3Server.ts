import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';

// A small S3-compatible server of our own, not the npm package s3rver: s3rver 3.7 makes its
// continuation tokens with a cipher that OpenSSL 3 (Node 17 and later) refuses, so any listing of
// more than one page fails with a 500. This one answers, path-style only and without checking
// signatures, what the FOCUS source and its tests send: ListObjectsV2 (prefix, max-keys,
// continuation-token, start-after; no delimiter), GetObject (with a byte range), HeadObject and
// PutObject (plain or aws-chunked bodies), with S3's XML, headers and error codes.

/** An object as the server keeps it. */
interface StoredObject {
  body: Buffer;
  etag: string;
  modified: Date;
  contentType: string;
}

/** A running S3-compatible test server. */
export interface S3TestServer {
  /** The endpoint for the SDK, e.g. `http://127.0.0.1:41234` (with `forcePathStyle: true`). */
  endpoint: string;
  /** The bucket the server was started with. */
  bucket: string;
  region: string;
  /** Any credentials are accepted; these are for the SDK, which needs some. */
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** The operations answered, in order: `ListObjectsV2`, `GetObject`, `HeadObject`, `PutObject`. */
  requests: string[];
  /** Stores an object (without a request), optionally with the time it was last written. */
  put(key: string, body: string | Buffer, options?: { modified?: Date }): void;
  /** Answers the next GetObject of the key with only its first `bytes` bytes, then cuts the connection. */
  cutNextGet(key: string, bytes: number): void;
  stop(): Promise<void>;
}

function xmlEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function stored(body: Buffer, modified = new Date()): StoredObject {
  return {
    body,
    etag: `"${createHash('md5').update(body).digest('hex')}"`,
    modified,
    contentType: 'application/octet-stream',
  };
}

/** A body sent with `Content-Encoding: aws-chunked`: `<hex size>[;…]\r\n<bytes>\r\n`… `0\r\n<trailers>`. */
function decodeAwsChunked(raw: Buffer): Buffer {
  const chunks: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = raw.indexOf('\r\n', offset);
    const size = parseInt(
      raw.subarray(offset, lineEnd).toString().split(';')[0],
      16,
    );
    if (lineEnd < 0 || Number.isNaN(size)) {
      throw new Error('malformed aws-chunked body');
    }
    if (size === 0) {
      return Buffer.concat(chunks);
    }
    chunks.push(raw.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
}

async function readBody(request: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function sendError(
  response: http.ServerResponse,
  status: number,
  code: string,
  message: string,
  head = false,
) {
  response.statusCode = status;
  response.setHeader('x-amz-request-id', randomUUID());
  if (head) {
    response.end();
    return;
  }
  response.setHeader('content-type', 'application/xml');
  response.end(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlEscape(
      message,
    )}</Message><RequestId>${randomUUID()}</RequestId></Error>`,
  );
}

/**
 * Starts an S3-compatible server on a free port of 127.0.0.1, with one empty bucket. Objects are
 * kept in memory; `stop` ends every connection and the server.
 */
export async function startS3Server(
  options: { bucket?: string } = {},
): Promise<S3TestServer> {
  const bucket = options.bucket ?? 'billing';
  const objects = new Map<string, StoredObject>();
  const cuts = new Map<string, number>();
  const requests: string[] = [];

  function list(url: URL, response: http.ServerResponse) {
    const query = url.searchParams;
    if (query.has('delimiter')) {
      sendError(response, 501, 'NotImplemented', 'delimiter is not supported');
      return;
    }
    requests.push('ListObjectsV2');
    const prefix = query.get('prefix') ?? '';
    const maxKeys = Math.min(Number(query.get('max-keys') ?? 1000), 1000);
    const token = query.get('continuation-token');
    const startAfter = query.get('start-after');
    const after = token
      ? Buffer.from(token, 'base64url').toString()
      : startAfter ?? '';
    // S3 lists keys in the byte order of their UTF-8.
    const keys = [...objects.keys()]
      .filter(key => key.startsWith(prefix) && byteOrder(key, after) > 0)
      .sort(byteOrder);
    const page = keys.slice(0, maxKeys);
    const truncated = keys.length > page.length;
    const encode = query.get('encoding-type') === 'url';
    const name = (key: string) =>
      xmlEscape(encode ? encodeURIComponent(key).replace(/%2F/g, '/') : key);
    const contents = page.map(key => {
      const object = objects.get(key)!;
      return [
        `<Contents><Key>${name(key)}</Key>`,
        `<LastModified>${object.modified.toISOString()}</LastModified>`,
        `<ETag>${xmlEscape(object.etag)}</ETag>`,
        `<Size>${object.body.length}</Size>`,
        '<StorageClass>STANDARD</StorageClass></Contents>',
      ].join('');
    });
    const last = page[page.length - 1];
    const next =
      truncated && last !== undefined
        ? `<NextContinuationToken>${Buffer.from(last).toString(
            'base64url',
          )}</NextContinuationToken>`
        : '';
    response.setHeader('content-type', 'application/xml');
    response.setHeader('x-amz-request-id', randomUUID());
    response.end(
      [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        '<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">',
        `<Name>${xmlEscape(bucket)}</Name><Prefix>${name(prefix)}</Prefix>`,
        token
          ? `<ContinuationToken>${xmlEscape(token)}</ContinuationToken>`
          : '',
        startAfter ? `<StartAfter>${name(startAfter)}</StartAfter>` : '',
        `<KeyCount>${page.length}</KeyCount><MaxKeys>${maxKeys}</MaxKeys>`,
        encode ? '<EncodingType>url</EncodingType>' : '',
        `<IsTruncated>${truncated}</IsTruncated>`,
        next,
        ...contents,
        '</ListBucketResult>',
      ].join(''),
    );
  }

  function get(
    key: string,
    request: http.IncomingMessage,
    response: http.ServerResponse,
  ) {
    const head = request.method === 'HEAD';
    requests.push(head ? 'HeadObject' : 'GetObject');
    const object = objects.get(key);
    if (!object) {
      sendError(
        response,
        404,
        'NoSuchKey',
        'The specified key does not exist.',
        head,
      );
      return;
    }
    let body = object.body;
    const range = /^bytes=(\d*)-(\d*)$/.exec(request.headers.range ?? '');
    if (range) {
      const size = object.body.length;
      const start = range[1]
        ? Number(range[1])
        : Math.max(0, size - Number(range[2]));
      const end = range[1] && range[2] ? Number(range[2]) : size - 1;
      if (start >= size || start > end) {
        sendError(
          response,
          416,
          'InvalidRange',
          'The requested range is not satisfiable',
          head,
        );
        return;
      }
      body = object.body.subarray(start, Math.min(end, size - 1) + 1);
      response.statusCode = 206;
      response.setHeader(
        'content-range',
        `bytes ${start}-${start + body.length - 1}/${size}`,
      );
    }
    response.setHeader('content-type', object.contentType);
    response.setHeader('content-length', body.length);
    response.setHeader('etag', object.etag);
    response.setHeader('last-modified', object.modified.toUTCString());
    response.setHeader('accept-ranges', 'bytes');
    response.setHeader('x-amz-request-id', randomUUID());
    const cut = cuts.get(key);
    if (head) {
      response.end();
    } else if (cut !== undefined) {
      cuts.delete(key);
      response.write(body.subarray(0, cut), () => response.destroy());
    } else {
      response.end(body);
    }
  }

  async function put(
    key: string,
    request: http.IncomingMessage,
    response: http.ServerResponse,
  ) {
    requests.push('PutObject');
    const raw = await readBody(request);
    const chunked =
      request.headers['content-encoding']?.includes('aws-chunked') ||
      String(request.headers['x-amz-content-sha256']).startsWith('STREAMING-');
    const object = stored(chunked ? decodeAwsChunked(raw) : raw);
    object.contentType =
      request.headers['content-type'] ?? 'application/octet-stream';
    objects.set(key, object);
    response.setHeader('etag', object.etag);
    response.setHeader('x-amz-request-id', randomUUID());
    response.end();
  }

  async function handle(
    request: http.IncomingMessage,
    response: http.ServerResponse,
  ) {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const [, bucketName, ...rest] = url.pathname.split('/');
    const key = decodeURIComponent(rest.join('/'));
    if (decodeURIComponent(bucketName) !== bucket) {
      sendError(
        response,
        404,
        'NoSuchBucket',
        'The specified bucket does not exist',
        request.method === 'HEAD',
      );
    } else if (!key && request.method === 'GET') {
      list(url, response);
    } else if (key && (request.method === 'GET' || request.method === 'HEAD')) {
      get(key, request, response);
    } else if (key && request.method === 'PUT') {
      await put(key, request, response);
    } else {
      sendError(
        response,
        501,
        'NotImplemented',
        `${request.method} ${url.pathname} is not implemented`,
      );
    }
  }

  const server = http.createServer((request, response) => {
    handle(request, response).catch(error =>
      sendError(response, 500, 'InternalError', String(error)),
    );
  });
  await new Promise<void>(resolve =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    requests,
    put(key, body, putOptions = {}) {
      objects.set(key, stored(Buffer.from(body), putOptions.modified));
    },
    cutNextGet(key, bytes) {
      cuts.set(key, bytes);
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close(error => (error ? reject(error) : resolve())),
      );
    },
  };
}
