import {
  ClientSecretCredential,
  DefaultAzureCredential,
} from '@azure/identity';
import { BlobServiceClient, ContainerClient } from '@azure/storage-blob';
import {
  BillingObject,
  BillingStore,
  LocalCopy,
  StoreCallOptions,
} from './BillingStore';
import { folderPrefix } from './folderPrefix';
import { saveDownload } from './saveDownload';

/**
 * Where an Azure Blob store reads, and as whom. The credential is the first of: the connection
 * string, the SAS token, the client secret (with tenant and client id), DefaultAzureCredential.
 */
export interface AzureBlobStoreOptions {
  /** The storage account's name: its URL is then `https://<account>.blob.core.windows.net`. */
  account?: string;
  /** The account's blob service URL, instead of `account`. */
  accountUrl?: string;
  container: string;
  /** Blob name prefix, a folder (a `/` is added): keys are relative to it. Default the root. */
  prefix?: string;
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  /** A SAS token with read and list permissions. */
  sasToken?: string;
  connectionString?: string;
  /** Blobs per List Blobs page, at most 5000 (Azure's default). */
  pageSize?: number;
  /** Where downloads are written. Default the OS's temporary folder. */
  tempDir?: string;
}

function serviceClientOf(options: AzureBlobStoreOptions): BlobServiceClient {
  if (options.connectionString) {
    return BlobServiceClient.fromConnectionString(options.connectionString);
  }
  const url =
    options.accountUrl ??
    (options.account && `https://${options.account}.blob.core.windows.net`);
  if (!url) {
    throw new Error('An Azure Blob store needs an account or an accountUrl');
  }
  if (options.sasToken) {
    return new BlobServiceClient(
      `${url}?${options.sasToken.replace(/^\?/, '')}`,
    );
  }
  if (options.clientSecret) {
    if (!options.tenantId || !options.clientId) {
      throw new Error('A client secret needs a tenantId and a clientId');
    }
    return new BlobServiceClient(
      url,
      new ClientSecretCredential(
        options.tenantId,
        options.clientId,
        options.clientSecret,
      ),
    );
  }
  return new BlobServiceClient(url, new DefaultAzureCredential());
}

/**
 * An Azure Blob container (and prefix) as a billing store, through the Azure SDK: each List Blobs
 * page and each Get Blob is one request. A blob's version is its ETag.
 */
export class AzureBlobStore implements BillingStore {
  readonly location: string;
  private readonly container: ContainerClient;
  private readonly prefix: string;
  private readonly pageSize?: number;
  private readonly tempDir?: string;

  constructor(options: AzureBlobStoreOptions) {
    const service = serviceClientOf(options);
    this.prefix = folderPrefix(options.prefix);
    this.pageSize = options.pageSize;
    this.tempDir = options.tempDir;
    this.container = service.getContainerClient(options.container);
    this.location = `azure://${service.accountName}/${options.container}/${this.prefix}`;
  }

  async list(options: StoreCallOptions = {}): Promise<BillingObject[]> {
    const objects: BillingObject[] = [];
    const pages = this.container
      .listBlobsFlat({
        prefix: this.prefix || undefined,
        includeMetadata: true,
        abortSignal: options.signal,
      })
      .byPage({ maxPageSize: this.pageSize });
    for await (const page of pages) {
      options.countRequest?.('ListBlobs');
      for (const blob of page.segment.blobItems) {
        // Accounts with a hierarchical namespace list their folders too.
        if (blob.metadata?.hdi_isfolder !== 'true') {
          objects.push({
            key: blob.name.slice(this.prefix.length),
            size: blob.properties.contentLength ?? 0,
            version: blob.properties.etag ?? '',
            modified: blob.properties.lastModified.toISOString(),
          });
        }
      }
    }
    return objects;
  }

  async fetch(
    object: BillingObject,
    options: StoreCallOptions = {},
  ): Promise<LocalCopy> {
    return saveDownload({
      body: await this.download(object.key, options),
      name: this.nameOf(object.key),
      key: object.key,
      size: object.size,
      tempDir: this.tempDir,
      signal: options.signal,
    });
  }

  async readText(key: string, options: StoreCallOptions = {}): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of await this.download(key, options)) {
      chunks.push(Buffer.from(chunk));
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  /** One Get Blob: the body of the blob, or an error naming it. */
  private async download(
    key: string,
    options: StoreCallOptions,
  ): Promise<NodeJS.ReadableStream> {
    options.countRequest?.('GetBlob');
    try {
      const response = await this.container
        .getBlobClient(this.prefix + key)
        .download(0, undefined, { abortSignal: options.signal });
      if (!response.readableStreamBody) {
        throw new Error('the response has no body');
      }
      return response.readableStreamBody;
    } catch (error) {
      throw new Error(`${this.nameOf(key)}: ${error}`, { cause: error });
    }
  }

  private nameOf(key: string): string {
    return `${this.location}${key}`;
  }
}
