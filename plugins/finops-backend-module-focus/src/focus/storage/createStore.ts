import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { AzureBlobStore } from './AzureBlobStore';
import { BillingStore } from './BillingStore';
import { FolderStore } from './FolderStore';
import { S3Store } from './S3Store';

/** The kinds of `location`. */
export const LOCATION_KINDS = ['folder', 's3', 'azureBlob'] as const;

/**
 * The store of one entry of `finops.sources.focus`: its `path` (a folder), or its `location`
 * (`kind` folder, s3 or azureBlob). A missing or contradictory option throws, naming the source.
 */
export function createStore(
  config: Config,
  logger?: LoggerService,
): BillingStore {
  const key = config.getOptionalString('key') ?? '(no key)';
  const fail = (message: string): never => {
    throw new Error(`FOCUS source ${key}: ${message}`);
  };
  const folder = config.getOptionalString('path');
  const location = config.getOptionalConfig('location');
  if (folder !== undefined && location) {
    fail('set either path or location, not both');
  }
  if (folder !== undefined) {
    return new FolderStore(folder);
  }
  if (!location) {
    return fail('set path (a folder) or location (folder, s3 or azureBlob)');
  }

  const required = (name: string): string =>
    location.getOptionalString(name) || fail(`location.${name} is missing`);
  let store: BillingStore;
  const kind = location.getOptionalString('kind');
  switch (kind) {
    case 'folder':
      store = new FolderStore(required('path'));
      break;
    case 's3': {
      const accessKeyId = location.getOptionalString('accessKeyId');
      const secretAccessKey = location.getOptionalString('secretAccessKey');
      if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
        fail(
          'location.accessKeyId and location.secretAccessKey go together: set both or neither',
        );
      }
      if (location.has('externalId') && !location.has('roleArn')) {
        fail('location.externalId needs location.roleArn');
      }
      store = new S3Store({
        bucket: required('bucket'),
        prefix: location.getOptionalString('prefix'),
        region: location.getOptionalString('region'),
        endpoint: location.getOptionalString('endpoint'),
        forcePathStyle: location.getOptionalBoolean('forcePathStyle'),
        accessKeyId,
        secretAccessKey,
        roleArn: location.getOptionalString('roleArn'),
        externalId: location.getOptionalString('externalId'),
      });
      break;
    }
    case 'azureBlob': {
      const connectionString = location.getOptionalString('connectionString');
      const account = location.getOptionalString('account');
      const accountUrl = location.getOptionalString('accountUrl');
      const clientSecret = location.getOptionalString('clientSecret');
      if (!connectionString && !account && !accountUrl) {
        fail(
          'location.account (or location.accountUrl, or location.connectionString) is missing',
        );
      }
      if (account && accountUrl) {
        fail('set either location.account or location.accountUrl, not both');
      }
      if (
        clientSecret &&
        (!location.has('tenantId') || !location.has('clientId'))
      ) {
        fail(
          'location.clientSecret needs location.tenantId and location.clientId',
        );
      }
      store = new AzureBlobStore({
        account,
        accountUrl,
        container: required('container'),
        prefix: location.getOptionalString('prefix'),
        tenantId: location.getOptionalString('tenantId'),
        clientId: location.getOptionalString('clientId'),
        clientSecret,
        sasToken: location.getOptionalString('sasToken'),
        connectionString,
      });
      break;
    }
    default:
      return fail(
        `location.kind is ${
          kind === undefined ? 'missing' : `'${kind}'`
        }: one of ${LOCATION_KINDS.join(', ')}`,
      );
  }
  logger?.info(`FOCUS source ${key} reads ${store.location}`);
  return store;
}
