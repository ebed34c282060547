export interface Config {
  finops?: {
    sources?: {
      /** FOCUS 1.0–1.2 billing exports (CSV, plain or gzip, or Parquet), one source per location. */
      focus?: Array<{
        /** Unique key of the source, e.g. `focus-aws`. */
        key: string;
        /** A local folder of the files (read recursively): short for `location: { kind: folder, path }`. */
        path?: string;
        /** Where the files are kept: a folder, an S3 bucket, an Azure Blob container. */
        location?:
          | {
              kind: 'folder';
              /** The folder (read recursively). */
              path: string;
            }
          | {
              kind: 's3';
              bucket: string;
              /** Key prefix of the export (the S3 path prefix of an AWS Data Export). Default the bucket's root. */
              prefix?: string;
              /** Region of the bucket, e.g. `us-east-1`. Default the SDK's (AWS_REGION). */
              region?: string;
              /** An S3-compatible endpoint (MinIO, a local server), e.g. `http://localhost:9000`. */
              endpoint?: string;
              /** Path-style addressing (`endpoint/bucket/key`), as S3-compatible stores usually need. */
              forcePathStyle?: boolean;
              /** A role to assume (with the default credential chain's credentials) before reading. */
              roleArn?: string;
              /** The external id the role's trust policy asks for. */
              externalId?: string;
              /**
               * Static credentials, for S3-compatible stores; leave unset on AWS to use the default
               * credential chain (environment, web identity / IRSA, instance profile).
               * @visibility secret
               */
              accessKeyId?: string;
              /** @visibility secret */
              secretAccessKey?: string;
            }
          | {
              kind: 'azureBlob';
              /** The storage account's name (its URL is then `https://<account>.blob.core.windows.net`). */
              account?: string;
              /** The account's blob service URL, instead of `account` (e.g. a local emulator's). */
              accountUrl?: string;
              container: string;
              /** Blob name prefix of the export (its directory). Default the container's root. */
              prefix?: string;
              /** A client secret credential; DefaultAzureCredential when none of these is set. */
              tenantId?: string;
              clientId?: string;
              /** @visibility secret */
              clientSecret?: string;
              /** A SAS token (with read and list permissions) instead of a credential. @visibility secret */
              sasToken?: string;
              /** A connection string instead of all of the above. @visibility secret */
              connectionString?: string;
            };
        /** Glob of the data files, relative to the location. Default `**\/*.{csv,csv.gz,parquet}`. */
        pattern?: string;
        /** Cost domain of the rows. Default `CLOUD`. */
        domain?: string;
        /** Domains by FOCUS ServiceCategory, e.g. `{ Databases: DATABASES }`; other rows go to `domain`. */
        serviceCategoryDomains?: { [serviceCategory: string]: string };
        /** Provider of rows without ProviderName (e.g. `aws`). Default `focus`. */
        provider?: string;
        /** Currency of rows without BillingCurrency. Default `USD`. */
        currency?: string;
        /** Only these tag keys (of the Tags column) are used to map rows; default all. */
        tagKeys?: string[];
        /** A month stays estimated (not final) until this many days after its end. Default 5. */
        estimatedDays?: number;
        /** How many months back, from the current one, the data's months are loaded. Default 36. */
        maxMonths?: number;
      }>;
    };
  };
}
