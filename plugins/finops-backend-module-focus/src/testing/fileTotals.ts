import { parse } from 'csv-parse/sync';
import BaseDecimal from 'decimal.js';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/** Exact sums: decimal.js rounds to 20 significant digits by default. */
export const Decimal = BaseDecimal.clone({ precision: 200 });

/** The sums of a month, computed from the files without the source's code. */
export interface MonthTotals {
  rows: number;
  billed: BaseDecimal;
  effective: BaseDecimal;
  list: BaseDecimal;
  contracted: BaseDecimal;
}

const NULLS = new Set(['', 'null']);

function value(cellText: string | undefined): string | undefined {
  const text = cellText?.trim();
  return text === undefined || NULLS.has(text.toLowerCase()) ? undefined : text;
}

function decimal(text: string | undefined): BaseDecimal | undefined {
  if (text === undefined) {
    return undefined;
  }
  try {
    return new Decimal(text);
  } catch {
    return undefined;
  }
}

function monthOf(text: string | undefined): string | undefined {
  if (text === undefined) {
    return undefined;
  }
  const iso = text.replace(' ', 'T');
  const date = new Date(/(Z|[+-]\d\d:?\d\d)$/i.test(iso) ? iso : `${iso}Z`);
  return Number.isNaN(date.getTime())
    ? undefined
    : date.toISOString().slice(0, 7);
}

/** The records of a CSV file (gzip or not) as objects, with the header's width of each. */
export function readRecords(file: string): Array<Record<string, string>> {
  let buffer = fs.readFileSync(file);
  if (buffer[0] === 0x1f && buffer[1] === 0x8b) {
    buffer = zlib.gunzipSync(buffer);
  }
  const [header, ...records] = parse(buffer, {
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
  }) as string[][];
  return records
    .filter(record => record.length === header.length)
    .map(record =>
      Object.fromEntries(header.map((name, i) => [name, record[i]])),
    );
}

/**
 * Sums BilledCost, EffectiveCost, ListCost and ContractedCost by month of ChargePeriodStart,
 * over the rows a loader can take (a readable date, a numeric BilledCost, the header's width).
 * A missing ListCost (ContractedCost) counts as ListUnitPrice × PricingQuantity, as the
 * specification defines it.
 */
export function fileTotals(files: string[]): Map<string, MonthTotals> {
  const totals = new Map<string, MonthTotals>();
  for (const file of files) {
    for (const record of readRecords(file)) {
      const month = monthOf(value(record.ChargePeriodStart));
      const billed = decimal(value(record.BilledCost));
      if (!month || !billed) {
        continue;
      }
      const amount = (cost: string, unitPrice: string) => {
        const direct = decimal(value(record[cost]));
        const price = decimal(value(record[unitPrice]));
        const quantity = decimal(value(record.PricingQuantity));
        return (
          direct ?? (price && quantity ? price.times(quantity) : new Decimal(0))
        );
      };
      const sums = totals.get(month) ?? {
        rows: 0,
        billed: new Decimal(0),
        effective: new Decimal(0),
        list: new Decimal(0),
        contracted: new Decimal(0),
      };
      sums.rows += 1;
      sums.billed = sums.billed.plus(billed);
      sums.effective = sums.effective.plus(
        decimal(value(record.EffectiveCost)) ?? 0,
      );
      sums.list = sums.list.plus(amount('ListCost', 'ListUnitPrice'));
      sums.contracted = sums.contracted.plus(
        amount('ContractedCost', 'ContractedUnitPrice'),
      );
      totals.set(month, sums);
    }
  }
  return totals;
}

/** The fixtures folder, and the files of one of its folders. */
// eslint-disable-next-line no-restricted-syntax -- test fixtures, never built
export const FIXTURES = path.resolve(__dirname, '../../fixtures');

export function fixtureFiles(folder: string): string[] {
  const root = path.join(FIXTURES, folder);
  return (fs.readdirSync(root, { recursive: true }) as string[])
    .map(relative => path.join(root, relative))
    .filter(file => fs.statSync(file).isFile() && /\.csv(\.gz)?$/.test(file))
    .sort();
}
