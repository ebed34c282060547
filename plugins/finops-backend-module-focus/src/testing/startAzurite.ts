import {
  BlobServiceClient,
  ContainerSASPermissions,
  StorageSharedKeyCredential,
  generateBlobSASQueryParameters,
} from '@azure/storage-blob';

/** The account every Azurite has, and its well-known key. */
const ACCOUNT = 'devstoreaccount1';
const ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** The parts of Azurite's blob server used here (the package has no type declarations). */
interface AzuriteBlobServer {
  start(): Promise<void>;
  close(): Promise<void>;
  getHttpServerAddress(): string;
}

/** A running Azurite blob service with one container. */
export interface AzuriteTestServer {
  /** The account's blob service URL, e.g. `http://127.0.0.1:41234/devstoreaccount1`. */
  url: string;
  account: string;
  accountKey: string;
  /** A connection string with the account key. */
  connectionString: string;
  /** The container the server was started with. */
  container: string;
  /** A SAS token of the container, by default with read and list permissions only. */
  sasToken(permissions?: string): string;
  /** Uploads a block blob (one Put Blob through the SDK). */
  put(name: string, body: string | Buffer): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts Azurite's blob service (the npm package `azurite`) in this process, on a free port of
 * 127.0.0.1, with an in-memory store of its own and one empty container. The API version check is
 * off, so that a newer SDK than the Azurite release is accepted.
 */
export async function startAzurite(
  options: { container?: string } = {},
): Promise<AzuriteTestServer> {
  /* eslint-disable @typescript-eslint/no-require-imports, @backstage/no-undeclared-imports -- azurite ships no types; a devDependency, as this file is for tests only */
  const BlobServer: new (configuration: unknown) => AzuriteBlobServer =
    require('azurite/dist/src/blob/BlobServer').default;
  const BlobConfiguration: new (...args: unknown[]) => unknown =
    require('azurite/dist/src/blob/BlobConfiguration').default;
  const {
    MemoryExtentChunkStore,
    DEFAULT_EXTENT_MEMORY_LIMIT,
  } = require('azurite/dist/src/common/persistence/MemoryExtentStore');
  /* eslint-enable @typescript-eslint/no-require-imports, @backstage/no-undeclared-imports */
  const configuration = new BlobConfiguration(
    '127.0.0.1',
    0, // a free port
    undefined, // keep-alive timeout
    undefined, // metadata database path (unused in memory)
    undefined, // extent database path (unused in memory)
    undefined, // persistence paths (unused in memory)
    false, // access log
    undefined,
    false, // debug log
    undefined,
    false, // loose
    true, // skip the API version check
    '', // cert
    '', // key
    '', // password
    undefined, // OAuth
    false, // product-style URLs
    true, // in-memory persistence
    new MemoryExtentChunkStore(DEFAULT_EXTENT_MEMORY_LIMIT),
  );
  const server = new BlobServer(configuration);
  await server.start();
  const { port } = new URL(server.getHttpServerAddress());

  const url = `http://127.0.0.1:${port}/${ACCOUNT}`;
  const connectionString = `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${ACCOUNT_KEY};BlobEndpoint=${url};`;
  const container = options.container ?? 'billing';
  const containerClient =
    BlobServiceClient.fromConnectionString(connectionString).getContainerClient(
      container,
    );
  await containerClient.create();

  return {
    url,
    account: ACCOUNT,
    accountKey: ACCOUNT_KEY,
    connectionString,
    container,
    sasToken(permissions = 'rl') {
      return generateBlobSASQueryParameters(
        {
          containerName: container,
          permissions: ContainerSASPermissions.parse(permissions),
          expiresOn: new Date(Date.now() + 3600_000),
        },
        new StorageSharedKeyCredential(ACCOUNT, ACCOUNT_KEY),
      ).toString();
    },
    async put(name, body) {
      const data = Buffer.from(body);
      await containerClient.getBlockBlobClient(name).upload(data, data.length);
    },
    stop: () => server.close(),
  };
}
