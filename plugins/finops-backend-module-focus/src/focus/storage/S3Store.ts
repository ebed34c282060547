import {
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { Readable } from 'node:stream';
import {
  BillingObject,
  BillingStore,
  LocalCopy,
  StoreCallOptions,
} from './BillingStore';
import { folderPrefix } from './folderPrefix';
import { saveDownload } from './saveDownload';

/** Where an S3 store reads, and as whom. */
export interface S3StoreOptions {
  bucket: string;
  /** Key prefix, a folder (a `/` is added): keys are relative to it. Default the bucket's root. */
  prefix?: string;
  /** Region of the bucket. Default the SDK's (AWS_REGION), or `us-east-1` with an endpoint. */
  region?: string;
  /** An S3-compatible endpoint, e.g. `http://localhost:9000`. */
  endpoint?: string;
  /** Path-style addressing (`endpoint/bucket/key`). */
  forcePathStyle?: boolean;
  /** Static credentials; the default credential chain without them. */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** A role assumed (with the credentials above, or the default chain's) before reading. */
  roleArn?: string;
  /** The external id of the role's trust policy. */
  externalId?: string;
  /** Keys per ListObjectsV2 page, at most 1000 (S3's default). */
  pageSize?: number;
  /** Where downloads are written. Default the OS's temporary folder. */
  tempDir?: string;
}

function credentialsOf(options: S3StoreOptions) {
  const credentials =
    options.accessKeyId && options.secretAccessKey
      ? {
          accessKeyId: options.accessKeyId,
          secretAccessKey: options.secretAccessKey,
        }
      : undefined;
  if (!options.roleArn) {
    return credentials;
  }
  return fromTemporaryCredentials({
    masterCredentials: credentials,
    params: {
      RoleArn: options.roleArn,
      ExternalId: options.externalId,
      RoleSessionName: 'backstage-finops',
    },
    clientConfig: { region: options.region },
  });
}

/**
 * An S3 bucket (and prefix) as a billing store, through the AWS SDK: each ListObjectsV2 page and
 * each GetObject is one request. An object's version is its ETag.
 */
export class S3Store implements BillingStore {
  readonly location: string;
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly pageSize?: number;
  private readonly tempDir?: string;

  constructor(options: S3StoreOptions) {
    this.bucket = options.bucket;
    this.prefix = folderPrefix(options.prefix);
    this.pageSize = options.pageSize;
    this.tempDir = options.tempDir;
    this.location = `s3://${this.bucket}/${this.prefix}`;
    this.client = new S3Client({
      region: options.region ?? (options.endpoint ? 'us-east-1' : undefined),
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle,
      credentials: credentialsOf(options),
    });
  }

  async list(options: StoreCallOptions = {}): Promise<BillingObject[]> {
    const objects: BillingObject[] = [];
    let token: string | undefined;
    do {
      options.countRequest?.('ListObjectsV2');
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: this.prefix || undefined,
          MaxKeys: this.pageSize,
          ContinuationToken: token,
        }),
        { abortSignal: options.signal },
      );
      for (const item of page.Contents ?? []) {
        // Keys ending in `/` are the folders the console creates, not files.
        if (item.Key && !item.Key.endsWith('/')) {
          objects.push({
            key: item.Key.slice(this.prefix.length),
            size: item.Size ?? 0,
            version: item.ETag ?? '',
            modified: item.LastModified?.toISOString(),
          });
        }
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return objects;
  }

  async fetch(
    object: BillingObject,
    options: StoreCallOptions = {},
  ): Promise<LocalCopy> {
    const body = await this.get(object.key, options);
    return saveDownload({
      body: body as Readable,
      name: this.nameOf(object.key),
      key: object.key,
      size: object.size,
      tempDir: this.tempDir,
      signal: options.signal,
    });
  }

  async readText(key: string, options: StoreCallOptions = {}): Promise<string> {
    const body = await this.get(key, options);
    return body.transformToString('utf8');
  }

  /** One GetObject: the body of the object, or an error naming it. */
  private async get(key: string, options: StoreCallOptions) {
    options.countRequest?.('GetObject');
    try {
      const response = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }),
        { abortSignal: options.signal },
      );
      if (!response.Body) {
        throw new Error('the response has no body');
      }
      return response.Body;
    } catch (error) {
      throw new Error(`${this.nameOf(key)}: ${error}`, { cause: error });
    }
  }

  private nameOf(key: string): string {
    return `s3://${this.bucket}/${this.prefix}${key}`;
  }
}
