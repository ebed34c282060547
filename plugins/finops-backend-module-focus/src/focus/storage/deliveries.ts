import { createHash } from 'node:crypto';
import { globToRegExp } from '../glob';
import { BillingObject, BillingStore, StoreCallOptions } from './BillingStore';

/** The default pattern of the data files: CSV, plain or gzip, and Parquet, in any folder. */
export const DEFAULT_DATA_PATTERN = '**/*.{csv,csv.gz,parquet}';

/** A data file of a delivery, as its manifest lists it. */
export interface DeliveryFile {
  /**
   * Key of the file in the store. A file the manifest names outside the export's layout keeps
   * the name the manifest gives, so that it shows as missing.
   */
  key: string;
  /** Size in bytes: the manifest's (Azure), else the listing's (AWS); unknown when missing. */
  size?: number;
  /** Rows, as the manifest counts them (Azure). */
  rows?: number;
}

/** The current delivery of one billing period, as its manifest lists it. */
export interface Delivery {
  /** The billing period, `YYYY-MM`. */
  month: string;
  /** Key of the manifest, for messages. */
  manifest: string;
  /** Changes when the period is delivered again (restated): a hash of the manifest's version and the listed files' versions. */
  stamp: string;
  files: DeliveryFile[];
}

/** Options of {@link findDeliveries}. */
export interface FindDeliveriesOptions extends StoreCallOptions {
  /** Glob of the data files outside the exports, relative to the store's root. Default {@link DEFAULT_DATA_PATTERN}. */
  pattern?: string;
}

/** What a store's listing holds. */
export interface FoundDeliveries {
  /** The current delivery of each billing period of each export, by month. */
  deliveries: Delivery[];
  /** Data files outside any export, read like the files of a plain folder. */
  loose: BillingObject[];
  /**
   * Data files of an export that its current manifests don't list: earlier executions or runs,
   * parts an overwrite left behind, a delivery whose manifest has not arrived yet. Not read.
   */
  stale: BillingObject[];
}

/** A manifest of an export, as the listing shows it. */
interface ManifestEntry {
  object: BillingObject;
  kind: 'aws' | 'azure';
  /** The export's folder, every object under it belongs to the export; `''` when it is the store's root. */
  root: string;
  /** The billing period, `YYYY-MM`. */
  month: string;
  /** AWS: the billing period's own manifest, not one in an execution's folder. */
  periodManifest: boolean;
  /** Azure: the date-range folder, `YYYYMMDD-YYYYMMDD`. */
  range: string;
}

/** What a manifest says, once read. */
interface ManifestContent {
  files: DeliveryFile[];
  /** Azure: when the run was submitted (ms since 1970). */
  submitted?: number;
}

/** `<export>/metadata/BILLING_PERIOD=YYYY-MM/[<execution>/]<export>-Manifest.json` (AWS Data Exports). */
const AWS_MANIFEST =
  /^(?:(.+)\/)?metadata\/BILLING_PERIOD=(\d{4}-\d{2})\/(?:([^/]+)\/)?[^/]+-Manifest\.json$/;
/** `<export>/YYYYMMDD-YYYYMMDD/<run>/manifest.json` (Azure Cost Management exports). */
const AZURE_MANIFEST =
  /^(?:(.+)\/)?((\d{4})(\d{2})\d{2}-\d{8})\/[^/]+\/manifest\.json$/;

/** Manifests read at the same time. */
const MANIFEST_READS = 8;

function manifestEntryOf(object: BillingObject): ManifestEntry | undefined {
  const aws = AWS_MANIFEST.exec(object.key);
  if (aws) {
    return {
      object,
      kind: 'aws',
      root: aws[1] ?? '',
      month: aws[2],
      periodManifest: aws[3] === undefined,
      range: '',
    };
  }
  const azure = AZURE_MANIFEST.exec(object.key);
  if (azure) {
    return {
      object,
      kind: 'azure',
      root: azure[1] ?? '',
      month: `${azure[3]}-${azure[4]}`,
      periodManifest: false,
      range: azure[2],
    };
  }
  return undefined;
}

/** The manifests of the listing, by export and billing period. */
function manifestsByPeriod(objects: BillingObject[]): ManifestEntry[][] {
  const periods = new Map<string, ManifestEntry[]>();
  for (const object of objects) {
    const entry = manifestEntryOf(object);
    if (entry) {
      const id = `${entry.kind} ${entry.root} ${entry.month}`;
      periods.set(id, [...(periods.get(id) ?? []), entry]);
    }
  }
  return [...periods.values()];
}

/**
 * The manifest of an AWS billing period that names its current execution: the period's own
 * manifest, else (executions in folders of their own) the last written, else the last by key.
 */
function currentAwsManifest(entries: ManifestEntry[]): ManifestEntry {
  return [...entries].sort(
    (a, b) =>
      Number(b.periodManifest) - Number(a.periodManifest) ||
      compare(b.object.modified ?? '', a.object.modified ?? '') ||
      compare(b.object.key, a.object.key),
  )[0];
}

/** The latest Azure run: by its submitted time, else the manifest's last write, else by key. */
function latestAzureRun(
  entries: ManifestEntry[],
  contents: Map<string, ManifestContent>,
): ManifestEntry {
  const submitted = (entry: ManifestEntry) =>
    contents.get(entry.object.key)?.submitted ?? -Infinity;
  return [...entries].sort(
    (a, b) =>
      submitted(b) - submitted(a) ||
      compare(b.object.modified ?? '', a.object.modified ?? '') ||
      compare(b.object.key, a.object.key),
  )[0];
}

function compare(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}

/** The key of a file an AWS manifest names (`s3://bucket/.../data/BILLING_PERIOD=…/file`). */
function awsKeyOf(uri: string, entry: ManifestEntry): string {
  const path = `/${uri.replace(/^s3:\/\/[^/]+\//, '')}`;
  const at = path.lastIndexOf('/data/BILLING_PERIOD=');
  if (at < 0) {
    return uri;
  }
  const inExport = path.slice(at + 1);
  return entry.root ? `${entry.root}/${inExport}` : inExport;
}

/** The key of a blob an Azure manifest names (`.../<export>/YYYYMMDD-YYYYMMDD/<run>/file`). */
function azureKeyOf(blobName: string, entry: ManifestEntry): string {
  const path = `/${blobName.replace(/^\/+/, '')}`;
  const at = path.lastIndexOf(`/${entry.range}/`);
  if (at < 0) {
    return blobName;
  }
  const inExport = path.slice(at + 1);
  return entry.root ? `${entry.root}/${inExport}` : inExport;
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)[name]
    : undefined;
}

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

function parseManifest(
  entry: ManifestEntry,
  text: string,
  location: string,
): ManifestContent {
  const name = `The manifest ${entry.object.key} of ${location}`;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${name} is not JSON: ${error}`, { cause: error });
  }
  if (entry.kind === 'aws') {
    const dataFiles = field(json, 'dataFiles');
    if (
      !Array.isArray(dataFiles) ||
      !dataFiles.every(file => typeof file === 'string')
    ) {
      throw new Error(`${name} has no dataFiles list`);
    }
    return {
      files: dataFiles.map(uri => ({ key: awsKeyOf(uri, entry) })),
    };
  }
  // A run without rows may leave the blobs out.
  const blobs =
    field(json, 'blobs') ?? (field(json, 'blobCount') === 0 ? [] : undefined);
  if (
    !Array.isArray(blobs) ||
    !blobs.every(blob => typeof field(blob, 'blobName') === 'string')
  ) {
    throw new Error(`${name} has no blobs list`);
  }
  const submittedTime = field(field(json, 'runInfo'), 'submittedTime');
  const submitted =
    typeof submittedTime === 'string' ? Date.parse(submittedTime) : NaN;
  return {
    files: blobs.map(blob => ({
      key: azureKeyOf(field(blob, 'blobName') as string, entry),
      size: numberOrUndefined(field(blob, 'byteCount')),
      rows: numberOrUndefined(field(blob, 'dataRowCount')),
    })),
    submitted: Number.isNaN(submitted) ? undefined : submitted,
  };
}

function stampOf(
  manifest: BillingObject,
  files: DeliveryFile[],
  byKey: Map<string, BillingObject>,
): string {
  const hash = createHash('sha256');
  hash.update(`${manifest.key} ${manifest.version}\n`);
  for (const file of files) {
    hash.update(`${file.key} ${byKey.get(file.key)?.version ?? 'missing'}\n`);
  }
  return hash.digest('hex');
}

/** Runs `task` on each item, at most `limit` at a time. */
async function forEachLimited<T>(
  items: T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      await task(item);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
}

/**
 * The deliveries of a store's listing, and the data files outside them.
 *
 * Recognises two layouts, with the store's root at or above the export's folder:
 * - AWS Data Exports (FOCUS 1.0 or CUR 2.0; CSV gzip or Parquet): data under
 *   `<export>/data/BILLING_PERIOD=YYYY-MM/` and the manifest
 *   `<export>/metadata/BILLING_PERIOD=YYYY-MM/<export>-Manifest.json`, whose `dataFiles` are the
 *   current execution's files (whether the export overwrites them or creates new ones);
 * - Azure Cost Management exports (FOCUS; CSV, gzip or Parquet): one folder per run,
 *   `<export>/YYYYMMDD-YYYYMMDD/<run>/manifest.json`, whose `blobs` are the run's files. The latest
 *   run of a month (by `runInfo.submittedTime`) is its delivery.
 *
 * Files are named by the manifests as their provider sees them (`s3://bucket/...`, a blob name);
 * each is looked for at the same place in the export's folder of the store, so that a copy of an
 * export (a replicated bucket, a downloaded folder) is read too. One request per manifest read:
 * an AWS period's current manifest, every run manifest of an Azure month. A manifest that is not
 * JSON or has no file list throws, naming it.
 */
export async function findDeliveries(
  store: BillingStore,
  objects: BillingObject[],
  options: FindDeliveriesOptions = {},
): Promise<FoundDeliveries> {
  const callOptions = {
    countRequest: options.countRequest,
    signal: options.signal,
  };
  const periods = manifestsByPeriod(objects);
  const toRead = periods.flatMap(entries =>
    entries[0].kind === 'aws' ? [currentAwsManifest(entries)] : entries,
  );
  const contents = new Map<string, ManifestContent>();
  await forEachLimited(toRead, MANIFEST_READS, async entry => {
    const text = await store.readText(entry.object.key, callOptions);
    contents.set(entry.object.key, parseManifest(entry, text, store.location));
  });

  const byKey = new Map(objects.map(object => [object.key, object]));
  const deliveries = periods.map(entries => {
    const current =
      entries[0].kind === 'aws'
        ? currentAwsManifest(entries)
        : latestAzureRun(entries, contents);
    const files = contents.get(current.object.key)!.files.map(file => ({
      ...file,
      size: file.size ?? byKey.get(file.key)?.size,
    }));
    return {
      month: current.month,
      manifest: current.object.key,
      stamp: stampOf(current.object, files, byKey),
      files,
    };
  });
  deliveries.sort(
    (a, b) => compare(a.month, b.month) || compare(a.manifest, b.manifest),
  );

  const roots = new Set(periods.map(entries => entries[0].root));
  const inExport = (key: string) =>
    [...roots].some(root => root === '' || key.startsWith(`${root}/`));
  const listed = new Set(
    deliveries.flatMap(delivery => delivery.files.map(file => file.key)),
  );
  const pattern = globToRegExp(options.pattern ?? DEFAULT_DATA_PATTERN);
  const loose: BillingObject[] = [];
  const stale: BillingObject[] = [];
  for (const object of objects) {
    if (listed.has(object.key) || !pattern.test(object.key)) {
      continue;
    }
    if (inExport(object.key)) {
      stale.push(object);
    } else {
      loose.push(object);
    }
  }
  return { deliveries, loose, stale };
}

/** The keys of a delivery's files that the listing doesn't hold. */
export function missingFiles(
  delivery: Delivery,
  objects: BillingObject[],
): string[] {
  const keys = new Set(objects.map(object => object.key));
  return delivery.files.map(file => file.key).filter(key => !keys.has(key));
}
