/** An object of a billing store: a file of a folder, an S3 object, a blob. */
export interface BillingObject {
  /** Key relative to the store's root (folder, or bucket / container and prefix), `/`-separated. */
  key: string;
  /** Size in bytes, as the listing gave it. */
  size: number;
  /** Changes whenever the content does: the ETag of an object or blob, size and mtime of a file. */
  version: string;
  /** When the object was last written (ISO 8601), as the listing gave it. */
  modified?: string;
}

/** What every call of a store may be given. */
export interface StoreCallOptions {
  /** Called once per request sent to the provider (each page of a listing, each read). */
  countRequest?: (operation: string) => void;
  signal?: AbortSignal;
}

/** An object's bytes as a local file, for a reader that needs random access (Parquet) or a stream. */
export interface LocalCopy {
  path: string;
  /** Deletes a download; nothing for a folder's own file. */
  release(): Promise<void>;
}

/**
 * Where billing files are kept: a local folder, an S3 bucket (and prefix), an Azure Blob container
 * (and prefix). The FOCUS source lists the store, finds the deliveries in the listing, and fetches
 * each object it reads to a local file.
 */
export interface BillingStore {
  /** The store as messages name it: `s3://bucket/prefix/`, `azure://account/container/prefix/`, a folder. */
  readonly location: string;
  /** Every object under the root, sorted by key: one request per page. */
  list(options?: StoreCallOptions): Promise<BillingObject[]>;
  /**
   * The object's bytes in a local file (a download for a remote store: one request), checked
   * against `object.size`: a short download throws, naming the object.
   */
  fetch(object: BillingObject, options?: StoreCallOptions): Promise<LocalCopy>;
  /** A small object's text (a manifest): one request. */
  readText(key: string, options?: StoreCallOptions): Promise<string>;
}
