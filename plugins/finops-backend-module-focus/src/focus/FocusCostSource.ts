import { LoggerService } from '@backstage/backend-plugin-api';
import {
  CostSource,
  CostSourceRequest,
  CostSourceRow,
  createFinopsClock,
} from '@internal/plugin-finops-node';
import fs from 'node:fs';
import path from 'node:path';
import { FocusColumns } from './FocusColumns';
import { DEFAULT_PATTERN, listFiles } from './listFiles';
import { readCsvRecords } from './readCsvRecords';
import {
  FocusRowContext,
  dayOf,
  fallbackMonthOf,
  toCostSourceRow,
} from './toCostSourceRow';

/** Options of a FOCUS files source: one folder of FOCUS 1.0–1.2 CSV exports. */
export interface FocusCostSourceOptions {
  /** Unique key of the source, e.g. `focus-aws`. */
  key: string;
  /** The folder of the files. */
  folder: string;
  /** Glob of the files, relative to the folder. Default `**\/*.{csv,csv.gz}`. */
  pattern?: string;
  /** Domain of the rows. Default `CLOUD`. */
  domain?: string;
  /** Domains by ServiceCategory, e.g. `{ Databases: 'DATABASES' }`; others go to `domain`. */
  serviceCategoryDomains?: Record<string, string>;
  /** Provider of rows without ProviderName. Default `focus`. */
  provider?: string;
  /** Currency of rows without BillingCurrency. Default `USD`. */
  currency?: string;
  /** Only these tag keys are kept for mapping; all when undefined. */
  tagKeys?: string[];
  /** A month stays estimated until this many days after its end. Default 5. */
  estimatedDays?: number;
  /** How many months back the first runs fill. Default 12. */
  backfillMonths?: number;
  logger?: LoggerService;
  /** The clock. Default the system's. */
  now?: () => Date;
}

/** What the source remembers of a file it read to its end: the months it holds. */
interface FileMonths {
  size: number;
  mtimeMs: number;
  months: Set<string>;
}

/** Rows without any readable date kept for reporting; beyond, they are counted. */
const ORPHANS_KEPT = 1000;
/** Tags warnings logged per file; beyond, they are counted. */
const WARNINGS_LOGGED = 5;

function currentMonth(now: Date): string {
  return now.toISOString().slice(0, 7);
}

/**
 * A cost source reading FOCUS 1.0–1.2 CSV files (plain or gzip) from a folder.
 *
 * Each row goes to the month and day of its ChargePeriodStart (UTC): a row charged over several
 * days (a monthly purchase) lands on its first day, a correction (ChargeClass `Correction`) in the
 * month it corrects. Files are streamed; only the requested month's rows become rows. Reading a
 * file to its end records the months it holds (keyed by path, size and modification time), so a
 * later month skips the files that hold none of its rows.
 */
export class FocusCostSource implements CostSource {
  readonly key: string;
  readonly backfillMonths: number;
  private readonly options: FocusCostSourceOptions;
  private readonly index = new Map<string, FileMonths>();
  private readonly now: () => Date;

  constructor(options: FocusCostSourceOptions) {
    this.key = options.key;
    this.backfillMonths = options.backfillMonths ?? 12;
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

  /** The files the source would read for a month: those not known to hold none of its rows. */
  async filesFor(month: string): Promise<string[]> {
    const files = await listFiles(
      this.options.folder,
      this.options.pattern ?? DEFAULT_PATTERN,
    );
    const selected: string[] = [];
    for (const relative of files) {
      const file = path.join(this.options.folder, relative);
      const stat = await fs.promises.stat(file);
      const known = this.index.get(file);
      if (
        known &&
        known.size === stat.size &&
        known.mtimeMs === stat.mtimeMs &&
        !known.months.has(month)
      ) {
        continue;
      }
      selected.push(relative);
    }
    return selected;
  }

  async *readMonth({
    month,
    signal,
  }: CostSourceRequest): AsyncIterable<CostSourceRow> {
    const estimated = this.isEstimated(month);
    for (const relative of await this.filesFor(month)) {
      signal?.throwIfAborted();
      yield* this.readFile(relative, month, estimated, signal);
    }
  }

  private async *readFile(
    relative: string,
    month: string,
    estimated: boolean,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<CostSourceRow> {
    const { logger } = this.options;
    const file = path.join(this.options.folder, relative);
    const stat = await fs.promises.stat(file);
    this.options.logger?.debug(`FOCUS source ${this.key}: reading ${relative}`);
    const context: Omit<FocusRowContext, 'origin'> = {
      domain: this.options.domain ?? 'CLOUD',
      serviceCategoryDomains: this.options.serviceCategoryDomains ?? {},
      provider: this.options.provider ?? 'focus',
      currency: this.options.currency ?? 'USD',
      tagKeys: this.options.tagKeys ? new Set(this.options.tagKeys) : undefined,
      estimated,
    };
    let columns: FocusColumns | undefined;
    const months = new Set<string>();
    const orphans: CostSourceRow[] = [];
    let orphansCounted = 0;
    let warnings = 0;

    for await (const { fields, line } of readCsvRecords(file, signal)) {
      if (!columns) {
        columns = new FocusColumns(fields);
        if (!columns.has('chargePeriodStart')) {
          throw new Error(
            `${relative} is not a FOCUS file: it has no ChargePeriodStart column`,
          );
        }
        continue;
      }
      const origin = `${relative}:${line}`;
      const day = dayOf(columns, fields);
      const rowMonth = day?.slice(0, 7) ?? fallbackMonthOf(columns, fields);
      if (rowMonth !== undefined) {
        months.add(rowMonth);
      }
      if (rowMonth !== undefined && rowMonth !== month) {
        continue;
      }
      const malformed = fields.length !== columns.width;
      const { row, warning } = toCostSourceRow(
        columns,
        fields,
        // An unreadable ChargePeriodStart goes as it is, for the batch to reject it as a bad date.
        malformed ? '' : day ?? columns.get(fields, 'chargePeriodStart') ?? '',
        {
          ...context,
          origin: malformed
            ? `${origin} (${fields.length} fields, the header has ${columns.width})`
            : origin,
        },
      );
      if (warning && !malformed) {
        warnings += 1;
        if (warnings <= WARNINGS_LOGGED) {
          logger?.warn(`FOCUS source ${this.key}: ${warning}`);
        }
      }
      if (rowMonth === undefined) {
        if (orphans.length < ORPHANS_KEPT) {
          orphans.push(row);
        } else {
          orphansCounted += 1;
        }
        continue;
      }
      yield row;
    }
    if (warnings > WARNINGS_LOGGED) {
      logger?.warn(
        `FOCUS source ${this.key}: ${relative}: ${warnings} rows with a Tags cell that is not a JSON object`,
      );
    }

    // Rows without any readable date are reported in the file's first month (the current month
    // when none of its rows has a date), so that they are rejected once, with their line.
    const reportMonth = [...months].sort()[0] ?? currentMonth(this.now());
    months.add(reportMonth);
    if (reportMonth === month) {
      yield* orphans;
      if (orphansCounted > 0) {
        yield {
          ...orphans[orphans.length - 1],
          origin: `${relative}: ${orphansCounted} more rows without a readable ChargePeriodStart or BillingPeriodStart`,
        };
      }
    }
    this.index.set(file, { size: stat.size, mtimeMs: stat.mtimeMs, months });
  }
}
