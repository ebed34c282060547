import { LoggerService } from '@backstage/backend-plugin-api';
import {
  CostSource,
  CostSourceRequest,
  CostSourceRow,
  IncompleteDeliveryError,
  SourceMonth,
  SourceMonthsRequest,
  createFinopsClock,
} from '@finops-backstage/plugin-finops-node';
import { createHash } from 'node:crypto';
import { FocusColumns, focusVersion, missingColumns } from './FocusColumns';
import { invalidCell } from './invalidCell';
import { IncompleteFileError } from './readers/IncompleteFileError';
import { readRecords } from './readers/readRecords';
import { BillingObject, BillingStore } from './storage/BillingStore';
import { Delivery, findDeliveries, missingFiles } from './storage/deliveries';
import {
  FocusRowContext,
  dayOf,
  fallbackMonthOf,
  toCostSourceRow,
} from './toCostSourceRow';

/** Options of a FOCUS source: FOCUS 1.0–1.2 exports in a folder, an S3 bucket or a Blob container. */
export interface FocusCostSourceOptions {
  /** Unique key of the source, e.g. `focus-aws`. */
  key: string;
  /** Where the files are. */
  store: BillingStore;
  /** Glob of the data files outside a manifest's export, relative to the store. Default `**\/*.{csv,csv.gz,parquet}`. */
  pattern?: string;
  /** Domain of the rows. Default `CLOUD`. */
  domain?: string;
  /** Domains by ServiceCategory, e.g. `{ Databases: 'DATABASES' }`; others go to `domain`. */
  serviceCategoryDomains?: Record<string, string>;
  /** Provider of rows without ProviderName. Default `focus`. */
  provider?: string;
  /** Currency of rows without BillingCurrency; files without the column need it. */
  currency?: string;
  /** Only these tag keys are kept for mapping; all when undefined. */
  tagKeys?: string[];
  /** A month stays estimated until this many days after its end. Default 5. */
  estimatedDays?: number;
  /** How many months back, the current one included, the data's months are loaded. Default 36. */
  maxMonths?: number;
  logger?: LoggerService;
  /** The clock. Default the system's. */
  now?: () => Date;
}

/** What the store holds: the current delivery of each billing period, and loose data files. */
interface Listing {
  objects: BillingObject[];
  /** By billing period: one per export the location holds (two exports may share it). */
  deliveries: Map<string, Delivery[]>;
  loose: BillingObject[];
}

/** One file to read for a month, and how. */
interface FileToRead {
  object: BillingObject;
  /** Of a manifest's delivery: what the manifest says of it. */
  expected?: { size?: number; rows?: number; manifest: string };
}

/** Tags warnings logged per file; beyond, they are counted. */
const WARNINGS_LOGGED = 5;

const versionOf = (object: BillingObject) => `${object.key}@${object.version}`;

function stampOf(parts: string[]): string {
  return createHash('sha256')
    .update([...parts].sort().join('\n'))
    .digest('hex')
    .slice(0, 32);
}

/** The first and last day of a month, `YYYY-MM-DD`. */
function bounds(month: string): [string, string] {
  const [year, number] = month.split('-').map(Number);
  const last = new Date(Date.UTC(year, number, 0)).getUTCDate();
  return [`${month}-01`, `${month}-${String(last).padStart(2, '0')}`];
}

/**
 * A cost source reading FOCUS 1.0–1.2 exports (CSV, plain or gzip, or Parquet, told by content)
 * from a billing store: a folder, an S3 bucket, an Azure Blob container.
 *
 * - An export with manifests (AWS Data Exports, Azure Cost Management exports) is read delivery
 *   by delivery: a billing period's current delivery is its month, loaded whole or not at all
 *   (every file its manifest lists present, read to its end, of the size and row count the
 *   manifest gives); its rows are the month's, a row charged in another month (a correction) on
 *   the period's first day, so that the month equals the invoice.
 * - Loose files (no manifest) are read like a folder: each row goes to the month of its
 *   ChargePeriodStart (UTC); a correction in the month it corrects. The months each file holds
 *   are learnt when it is first read (keyed by its version), so a month reads only its files.
 *
 * The source reports the months its data holds ({@link FocusCostSource.listMonths}); the batch
 * loads those within `maxMonths`. A file that is cut refuses its month; a file without the
 * required FOCUS columns fails it, naming them.
 */
export class FocusCostSource implements CostSource {
  readonly key: string;
  readonly maxMonths: number;
  private readonly options: FocusCostSourceOptions;
  /** The months each loose file (by key and version) holds. */
  private readonly index = new Map<string, Set<string>>();
  private listing?: Listing;
  private readonly now: () => Date;

  constructor(options: FocusCostSourceOptions) {
    this.key = options.key;
    this.maxMonths = options.maxMonths ?? 36;
    this.options = options;
    this.now = options.now ?? createFinopsClock();
  }

  /**
   * FOCUS has no estimated flag: a month is estimated while it is the current month and until
   * `estimatedDays` days after its end; then the batch marks it final.
   */
  isEstimated(month: string): boolean {
    const [year, monthNumber] = month.split('-').map(Number);
    const final =
      Date.UTC(year, monthNumber, 1) +
      (this.options.estimatedDays ?? 5) * 86_400_000;
    return this.now().getTime() < final;
  }

  /**
   * The months of the data: each delivery's billing period, stamped with the delivery; the months
   * of the loose files (a file not read yet is read once to learn them), stamped with the versions
   * of the files that hold them.
   */
  async listMonths(request: SourceMonthsRequest = {}): Promise<SourceMonth[]> {
    const listing = await this.list(request);
    const months = new Map<string, string[]>();
    for (const [month, deliveries] of listing.deliveries) {
      months.set(
        month,
        deliveries.map(delivery => `manifest ${delivery.stamp}`),
      );
    }
    for (const object of listing.loose) {
      for (const month of await this.monthsOf(object, request)) {
        months.set(month, [...(months.get(month) ?? []), versionOf(object)]);
      }
    }
    return [...months]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([month, parts]) => ({ month, stamp: stampOf(parts) }));
  }

  async *readMonth(request: CostSourceRequest): AsyncIterable<CostSourceRow> {
    const { month, signal } = request;
    // The listing of the run's listMonths (the batch lists before it reads), else a fresh one.
    const listing = this.listing ?? (await this.list(request));
    const estimated = this.isEstimated(month);
    const byKey = new Map(listing.objects.map(o => [o.key, o]));
    for (const delivery of listing.deliveries.get(month) ?? []) {
      const missing = missingFiles(delivery, listing.objects);
      if (missing.length > 0) {
        throw new IncompleteDeliveryError(
          `${delivery.manifest} lists ${
            missing.length
          } file(s) that are not in ${
            this.options.store.location
          }: ${missing.join(', ')}`,
        );
      }
      for (const file of delivery.files) {
        signal?.throwIfAborted();
        yield* this.readFile(
          {
            object: byKey.get(file.key)!,
            expected: { ...file, manifest: delivery.manifest },
          },
          month,
          estimated,
          request,
        );
      }
    }
    for (const object of listing.loose) {
      const known = this.index.get(versionOf(object));
      if (!known || known.has(month)) {
        signal?.throwIfAborted();
        yield* this.readFile({ object }, month, estimated, request);
      }
    }
  }

  private async list(request: SourceMonthsRequest): Promise<Listing> {
    const { store } = this.options;
    const objects = await store.list(request);
    const { deliveries, loose } = await findDeliveries(store, objects, {
      pattern: this.options.pattern,
      countRequest: request.countRequest,
      signal: request.signal,
    });
    this.listing = {
      objects,
      deliveries: new Map(
        [...new Set(deliveries.map(d => d.month))].map(month => [
          month,
          deliveries.filter(d => d.month === month),
        ]),
      ),
      loose,
    };
    return this.listing;
  }

  /** The months a loose file holds: read once per version, to its end. */
  private async monthsOf(
    object: BillingObject,
    request: SourceMonthsRequest,
  ): Promise<Set<string>> {
    const known = this.index.get(versionOf(object));
    if (known) {
      return known;
    }
    // Read for no month: yields nothing, and records the file's months.
    for await (const _ of this.readFile({ object }, undefined, true, request)) {
      // Nothing to do.
    }
    return this.index.get(versionOf(object)) ?? new Set();
  }

  private async *readFile(
    file: FileToRead,
    month: string | undefined,
    estimated: boolean,
    request: SourceMonthsRequest,
  ): AsyncGenerator<CostSourceRow> {
    const { logger, store } = this.options;
    const { object, expected } = file;
    const name = object.key;
    if (expected?.size !== undefined && expected.size !== object.size) {
      throw new IncompleteDeliveryError(
        `${name} has ${object.size} bytes, ${expected.manifest} says ${expected.size}`,
      );
    }
    logger?.debug(`FOCUS source ${this.key}: reading ${name}`);
    const copy = await store.fetch(object, request);
    const context: Omit<FocusRowContext, 'origin'> = {
      domain: this.options.domain ?? 'CLOUD',
      serviceCategoryDomains: this.options.serviceCategoryDomains ?? {},
      provider: this.options.provider ?? 'focus',
      currency: this.options.currency ?? 'USD',
      configuredCurrency: this.options.currency,
      tagKeys: this.options.tagKeys ? new Set(this.options.tagKeys) : undefined,
      estimated,
    };
    const [first, last] = month ? bounds(month) : ['', ''];
    // Rows without a readable date are reported once: with the first month the file holds.
    const reportMonth = [
      ...(this.index.get(versionOf(object)) ?? []),
    ].sort()[0];
    let columns: FocusColumns | undefined;
    const months = new Set<string>();
    let rows = 0;
    let warnings = 0;
    try {
      for await (const { fields, line } of readRecords(copy.path, {
        name,
        signal: request.signal,
      })) {
        if (!columns) {
          columns = new FocusColumns(fields);
          const missing = missingColumns(columns, {
            currencyConfigured: this.options.currency !== undefined,
          });
          if (missing.length > 0) {
            throw new Error(
              `${name} (FOCUS ${focusVersion(
                fields,
              )}) lacks the required column(s) ${missing.join(', ')}`,
            );
          }
          continue;
        }
        rows += 1;
        const origin = `${name}:${line}`;
        const invalid = invalidCell(columns, fields, origin);
        const charged = dayOf(columns, fields);
        // A delivery is its billing period: its rows are the month's, a row charged in another
        // month on the first day. A loose file's row goes to the month it was charged in.
        let day = charged;
        if (expected && charged !== undefined) {
          day = charged < first || charged > last ? first : charged;
        }
        // A loose row whose ChargePeriodStart is unreadable goes to its BillingPeriodStart's month.
        const rowMonth = expected
          ? month
          : day?.slice(0, 7) ?? fallbackMonthOf(columns, fields);
        if (!expected && rowMonth !== undefined) {
          months.add(rowMonth);
        }
        if (month === undefined || (rowMonth ?? reportMonth) !== month) {
          continue;
        }
        const { row, warning } = toCostSourceRow(
          columns,
          fields,
          day ?? first,
          { ...context, origin },
        );
        if (warning && !invalid) {
          warnings += 1;
          if (warnings <= WARNINGS_LOGGED) {
            logger?.warn(`FOCUS source ${this.key}: ${warning}`);
          }
        }
        yield invalid ? { ...row, invalid } : row;
      }
    } catch (error) {
      if (error instanceof IncompleteFileError) {
        throw new IncompleteDeliveryError(error.message);
      }
      throw error;
    } finally {
      await copy.release();
    }
    if (!columns) {
      throw new IncompleteDeliveryError(`${name} is empty`);
    }
    if (expected?.rows !== undefined && expected.rows !== rows) {
      throw new IncompleteDeliveryError(
        `${name} has ${rows} rows, ${expected.manifest} says ${expected.rows}`,
      );
    }
    if (warnings > WARNINGS_LOGGED) {
      logger?.warn(
        `FOCUS source ${this.key}: ${name}: ${warnings} rows with a Tags cell that is not a JSON object`,
      );
    }
    if (!expected) {
      // A file of rows none of which has a date: its rows are reported in the current month.
      if (months.size === 0 && rows > 0) {
        months.add(this.now().toISOString().slice(0, 7));
      }
      this.index.set(versionOf(object), months);
    }
  }
}
