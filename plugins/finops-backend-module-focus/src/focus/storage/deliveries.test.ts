import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AzuriteTestServer, startAzurite } from '../../testing/startAzurite';
import { S3TestServer, startS3Server } from '../../testing/startS3Server';
import { AzureBlobStore } from './AzureBlobStore';
import { BillingStore } from './BillingStore';
import { FolderStore } from './FolderStore';
import { S3Store } from './S3Store';
import { findDeliveries, missingFiles } from './deliveries';

const CSV = 'BilledCost,ChargePeriodStart\n1.5,2024-01-01T00:00:00Z\n';

/** A manifest of AWS Data Exports, naming its files by their S3 URIs. */
function awsManifest(bucket: string, executionId: string, keys: string[]) {
  return JSON.stringify({
    executionId,
    exportArn:
      'arn:aws:bcm-data-exports:us-east-1:123456789012:export/focus-aws-0a1b2c3d',
    columns: [{ name: 'BilledCost', type: 'decimal(30,15)' }],
    dataFiles: keys.map(key => `s3://${bucket}/${key}`),
  });
}

/** A manifest of an Azure Cost Management export run, naming its blobs from the container's root. */
function azureManifest(
  runId: string,
  submittedTime: string,
  blobs: Array<{ name: string; rows: number }>,
) {
  return JSON.stringify({
    manifestVersion: '2024-04-01',
    dataFormat: 'Csv',
    blobCount: blobs.length,
    byteCount: blobs.length * CSV.length,
    dataRowCount: blobs.reduce((sum, blob) => sum + blob.rows, 0),
    exportConfig: {
      exportName: 'focus-azure',
      resourceId:
        '/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.CostManagement/exports/focus-azure',
      dataVersion: '1.0r2',
      apiVersion: '2023-07-01-preview',
      type: 'FocusCost',
      timeFrame: 'MonthToDate',
      granularity: 'Daily',
    },
    deliveryConfig: {
      partitionData: true,
      dataOverwriteBehavior: 'CreateNewReport',
      fileFormat: 'Csv',
      compressionMode: 'None',
    },
    runInfo: {
      executionType: 'Scheduled',
      submittedTime,
      runId,
      startDate: '2024-01-01T00:00:00',
      endDate: '2024-01-31T00:00:00',
    },
    blobs: blobs.map(blob => ({
      blobName: blob.name,
      byteCount: CSV.length,
      dataRowCount: blob.rows,
    })),
  });
}

function counter() {
  const requests: string[] = [];
  return { requests, countRequest: (name: string) => requests.push(name) };
}

async function deliveriesOf(store: BillingStore) {
  return findDeliveries(store, await store.list());
}

describe('findDeliveries', () => {
  describe('AWS Data Exports in S3', () => {
    let server: S3TestServer;

    beforeAll(async () => {
      server = await startS3Server();
    });
    afterAll(async () => {
      await server.stop();
    });

    function storeOf(prefix: string) {
      return new S3Store({
        bucket: server.bucket,
        prefix,
        endpoint: server.endpoint,
        forcePathStyle: true,
        ...server.credentials,
      });
    }

    /** Puts the data files of an export and the manifest of their billing period. */
    function deliver(
      root: string,
      month: string,
      executionId: string,
      files: string[],
    ) {
      const keys = files.map(
        file => `${root}/focus-aws/data/BILLING_PERIOD=${month}/${file}`,
      );
      for (const key of keys) {
        server.put(key, `${CSV}${executionId}\n`);
      }
      server.put(
        `${root}/focus-aws/metadata/BILLING_PERIOD=${month}/focus-aws-Manifest.json`,
        awsManifest(server.bucket, executionId, keys),
      );
    }

    it('gives one delivery per billing period, as its manifest lists it, and the files outside as loose', async () => {
      deliver('aws', '2024-01', 'e1', [
        'focus-aws-00001.csv.gz',
        'focus-aws-00002.csv.gz',
      ]);
      deliver('aws', '2024-02', 'e2', ['focus-aws-00001.snappy.parquet']);
      server.put('aws/manual/2023-12.csv', CSV);
      server.put('aws/readme.txt', 'not data');
      const store = storeOf('aws');
      const count = counter();

      const found = await findDeliveries(store, await store.list(count), count);

      expect(found.deliveries).toEqual([
        {
          month: '2024-01',
          manifest:
            'focus-aws/metadata/BILLING_PERIOD=2024-01/focus-aws-Manifest.json',
          stamp: expect.stringMatching(/^[0-9a-f]{64}$/),
          files: [
            {
              key: 'focus-aws/data/BILLING_PERIOD=2024-01/focus-aws-00001.csv.gz',
              size: CSV.length + 3,
            },
            {
              key: 'focus-aws/data/BILLING_PERIOD=2024-01/focus-aws-00002.csv.gz',
              size: CSV.length + 3,
            },
          ],
        },
        {
          month: '2024-02',
          manifest:
            'focus-aws/metadata/BILLING_PERIOD=2024-02/focus-aws-Manifest.json',
          stamp: expect.stringMatching(/^[0-9a-f]{64}$/),
          files: [
            {
              key: 'focus-aws/data/BILLING_PERIOD=2024-02/focus-aws-00001.snappy.parquet',
              size: CSV.length + 3,
            },
          ],
        },
      ]);
      expect(found.loose.map(object => object.key)).toEqual([
        'manual/2023-12.csv',
      ]);
      expect(found.stale).toEqual([]);
      // One page of listing, then one GetObject per billing period's manifest.
      expect(count.requests).toEqual([
        'ListObjectsV2',
        'GetObject',
        'GetObject',
      ]);
    });

    it('follows a restated month: a new execution replaces the first, the stamp changes, the files left behind are stale', async () => {
      // "Create new file": each execution in a folder of its own.
      deliver('restated', '2024-03', 'e1', [
        '20240402T010203Z-e1/focus-aws-00001.csv.gz',
      ]);
      // "Overwrite": the same names each time.
      deliver('restated', '2024-04', 'e1', [
        'focus-aws-00001.csv.gz',
        'focus-aws-00002.csv.gz',
      ]);
      const first = await deliveriesOf(storeOf('restated'));

      deliver('restated', '2024-03', 'e2', [
        '20240405T010203Z-e2/focus-aws-00001.csv.gz',
        '20240405T010203Z-e2/focus-aws-00002.csv.gz',
      ]);
      deliver('restated', '2024-04', 'e2', ['focus-aws-00001.csv.gz']);
      const second = await deliveriesOf(storeOf('restated'));

      expect(second.deliveries[0].stamp).not.toBe(first.deliveries[0].stamp);
      expect(second.deliveries[1].stamp).not.toBe(first.deliveries[1].stamp);
      expect(
        second.deliveries.map(delivery => delivery.files.map(file => file.key)),
      ).toEqual([
        [
          'focus-aws/data/BILLING_PERIOD=2024-03/20240405T010203Z-e2/focus-aws-00001.csv.gz',
          'focus-aws/data/BILLING_PERIOD=2024-03/20240405T010203Z-e2/focus-aws-00002.csv.gz',
        ],
        ['focus-aws/data/BILLING_PERIOD=2024-04/focus-aws-00001.csv.gz'],
      ]);
      expect(second.stale.map(object => object.key)).toEqual([
        'focus-aws/data/BILLING_PERIOD=2024-03/20240402T010203Z-e1/focus-aws-00001.csv.gz',
        'focus-aws/data/BILLING_PERIOD=2024-04/focus-aws-00002.csv.gz',
      ]);
      expect(second.loose).toEqual([]);
      // Nothing changed: the same stamps.
      const third = await deliveriesOf(storeOf('restated'));
      expect(third.deliveries.map(delivery => delivery.stamp)).toEqual(
        second.deliveries.map(delivery => delivery.stamp),
      );
    });

    it('reads only the last written of the manifests that executions keep in folders of their own', async () => {
      const manifestOf = (execution: string) =>
        `executions/focus-aws/metadata/BILLING_PERIOD=2024-05/${execution}/focus-aws-Manifest.json`;
      const dataOf = (execution: string) =>
        `executions/focus-aws/data/BILLING_PERIOD=2024-05/${execution}/focus-aws-00001.csv.gz`;
      for (const [execution, modified] of [
        ['exec-a', '2024-06-01T00:00:00Z'],
        ['exec-b', '2024-05-20T00:00:00Z'],
      ]) {
        server.put(dataOf(execution), CSV);
        server.put(
          manifestOf(execution),
          awsManifest(server.bucket, execution, [dataOf(execution)]),
          { modified: new Date(modified) },
        );
      }
      const store = storeOf('executions');
      const objects = await store.list();
      const count = counter();

      const found = await findDeliveries(store, objects, count);

      expect(found.deliveries.map(delivery => delivery.manifest)).toEqual([
        manifestOf('exec-a').slice('executions/'.length),
      ]);
      expect(found.stale.map(object => object.key)).toEqual([
        dataOf('exec-b').slice('executions/'.length),
      ]);
      expect(count.requests).toEqual(['GetObject']);
    });

    it('lists a file the manifest names even when it is not there, and missingFiles names it', async () => {
      const present =
        'missing/focus-aws/data/BILLING_PERIOD=2024-06/focus-aws-00001.csv.gz';
      const absent =
        'missing/focus-aws/data/BILLING_PERIOD=2024-06/focus-aws-00002.csv.gz';
      server.put(present, CSV);
      server.put(
        'missing/focus-aws/metadata/BILLING_PERIOD=2024-06/focus-aws-Manifest.json',
        JSON.stringify({
          executionId: 'e1',
          dataFiles: [
            `s3://${server.bucket}/${present}`,
            `s3://${server.bucket}/${absent}`,
            's3://another-bucket/elsewhere/part-1.csv.gz',
          ],
        }),
      );
      const store = storeOf('missing');
      const objects = await store.list();

      const [delivery] = (await findDeliveries(store, objects)).deliveries;

      expect(delivery.files).toEqual([
        {
          key: 'focus-aws/data/BILLING_PERIOD=2024-06/focus-aws-00001.csv.gz',
          size: CSV.length,
        },
        {
          key: 'focus-aws/data/BILLING_PERIOD=2024-06/focus-aws-00002.csv.gz',
          size: undefined,
        },
        { key: 's3://another-bucket/elsewhere/part-1.csv.gz', size: undefined },
      ]);
      expect(missingFiles(delivery, objects)).toEqual([
        'focus-aws/data/BILLING_PERIOD=2024-06/focus-aws-00002.csv.gz',
        's3://another-bucket/elsewhere/part-1.csv.gz',
      ]);
    });

    it('throws, naming the manifest, when a manifest does not parse or lists no files', async () => {
      server.put(
        'broken/focus-aws/metadata/BILLING_PERIOD=2024-07/focus-aws-Manifest.json',
        '{"dataFiles": [',
      );
      server.put(
        'empty/focus-aws/metadata/BILLING_PERIOD=2024-07/focus-aws-Manifest.json',
        '{"executionId": "e1"}',
      );

      await expect(deliveriesOf(storeOf('broken'))).rejects.toThrow(
        `The manifest focus-aws/metadata/BILLING_PERIOD=2024-07/focus-aws-Manifest.json of s3://${server.bucket}/broken/ is not JSON`,
      );
      await expect(deliveriesOf(storeOf('empty'))).rejects.toThrow(
        `The manifest focus-aws/metadata/BILLING_PERIOD=2024-07/focus-aws-Manifest.json of s3://${server.bucket}/empty/ has no dataFiles list`,
      );
    });
  });

  describe('Azure Cost Management exports in Blob storage', () => {
    let azurite: AzuriteTestServer;

    beforeAll(async () => {
      azurite = await startAzurite();
    });
    afterAll(async () => {
      await azurite.stop();
    });

    /** Uploads the parts of a run and its manifest. */
    async function run(
      range: string,
      runId: string,
      submittedTime: string,
      parts: number,
    ) {
      const folder = `azure/focus-azure/${range}/${runId}`;
      const blobs = Array.from({ length: parts }, (_, index) => ({
        name: `${folder}/part_0_000${index + 1}.csv`,
        rows: 10 + index,
      }));
      for (const blob of blobs) {
        await azurite.put(blob.name, CSV);
      }
      await azurite.put(
        `${folder}/manifest.json`,
        azureManifest(runId, submittedTime, blobs),
      );
    }

    it('gives the latest run of each month, by its submitted time', async () => {
      // The later run has the lower run id: order by key would pick the other.
      await run(
        '20240101-20240131',
        'b-run',
        '2024-02-03T06:01:02.1234567Z',
        1,
      );
      await run(
        '20240101-20240131',
        'a-run',
        '2024-02-05T06:01:02.1234567Z',
        2,
      );
      await run(
        '20240201-20240229',
        'c-run',
        '2024-03-05T06:01:02.1234567Z',
        1,
      );
      const store = new AzureBlobStore({
        connectionString: azurite.connectionString,
        container: azurite.container,
        prefix: 'azure',
      });
      const count = counter();

      const found = await findDeliveries(store, await store.list(count), count);

      expect(found.deliveries).toEqual([
        {
          month: '2024-01',
          manifest: 'focus-azure/20240101-20240131/a-run/manifest.json',
          stamp: expect.stringMatching(/^[0-9a-f]{64}$/),
          files: [
            {
              key: 'focus-azure/20240101-20240131/a-run/part_0_0001.csv',
              size: CSV.length,
              rows: 10,
            },
            {
              key: 'focus-azure/20240101-20240131/a-run/part_0_0002.csv',
              size: CSV.length,
              rows: 11,
            },
          ],
        },
        {
          month: '2024-02',
          manifest: 'focus-azure/20240201-20240229/c-run/manifest.json',
          stamp: expect.stringMatching(/^[0-9a-f]{64}$/),
          files: [
            {
              key: 'focus-azure/20240201-20240229/c-run/part_0_0001.csv',
              size: CSV.length,
              rows: 10,
            },
          ],
        },
      ]);
      expect(found.stale.map(object => object.key)).toEqual([
        'focus-azure/20240101-20240131/b-run/part_0_0001.csv',
      ]);
      expect(found.loose).toEqual([]);
      // One page of listing, then every run's manifest: the run's time is inside.
      expect(count.requests).toEqual([
        'ListBlobs',
        'GetBlob',
        'GetBlob',
        'GetBlob',
      ]);
    });
  });

  describe('a folder', () => {
    let folder: string;

    beforeEach(async () => {
      folder = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'deliveries-'));
    });
    afterEach(async () => {
      await fs.promises.rm(folder, { recursive: true, force: true });
    });

    async function write(key: string, text: string) {
      await fs.promises.mkdir(path.dirname(path.join(folder, key)), {
        recursive: true,
      });
      await fs.promises.writeFile(path.join(folder, key), text);
    }

    it('gives the files matching the pattern as loose', async () => {
      await write('2024-01.csv', CSV);
      await write('old/2023-12.csv.gz', CSV);
      await write('2024-02.parquet', CSV);
      await write('notes.txt', 'not data');

      const all = await deliveriesOf(new FolderStore(folder));
      const store = new FolderStore(folder);
      const csvOnly = await findDeliveries(store, await store.list(), {
        pattern: '*.csv',
      });

      expect(all.loose.map(object => object.key)).toEqual([
        '2024-01.csv',
        '2024-02.parquet',
        'old/2023-12.csv.gz',
      ]);
      expect(csvOnly.loose.map(object => object.key)).toEqual(['2024-01.csv']);
      expect(all.deliveries).toEqual([]);
    });

    it('reads a downloaded copy of an AWS export: the manifest names the files in their bucket', async () => {
      const data =
        'focus-aws/data/BILLING_PERIOD=2024-01/focus-aws-00001.csv.gz';
      await write(data, CSV);
      await write(
        'focus-aws/metadata/BILLING_PERIOD=2024-01/focus-aws-Manifest.json',
        awsManifest('company-billing', 'e1', [`cur/${data}`]),
      );

      const found = await deliveriesOf(new FolderStore(folder));

      expect(found.deliveries[0].files).toEqual([
        { key: data, size: CSV.length },
      ]);
    });
  });
});
