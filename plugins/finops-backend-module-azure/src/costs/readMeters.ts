import Decimal from 'decimal.js';
import { columnReader, COST_COLUMNS, decimalOf } from './columnReader';
import { MonthQuery, queryDefinition } from './MonthQuery';

/** A meter's attributes, from the month's catalog queries. */
export interface MeterInfo {
  name?: string;
  service?: string;
  location?: string;
  unit?: string;
  /** Every location the meter was used in, when there were several. */
  locations?: string[];
}

/** The catalog queries: each pairs MeterId with one attribute (the API takes at most 2 groupings). */
const METER_ATTRIBUTES = [
  { dimension: 'Meter', field: 'name' },
  { dimension: 'ServiceName', field: 'service' },
  { dimension: 'ResourceLocation', field: 'location' },
  { dimension: 'UnitOfMeasure', field: 'unit' },
] as const;

/** Name, service, location and unit of every meter used in the month, one query each. */
export async function readMeters(
  query: MonthQuery,
): Promise<Map<string, MeterInfo>> {
  const meters = new Map<string, MeterInfo>();
  for (const { dimension, field } of METER_ATTRIBUTES) {
    let candidates: Map<string, Map<string, Decimal>>;
    try {
      candidates = await readCandidates(query, dimension);
    } catch (error) {
      // A scope that does not offer this grouping (400) leaves the attribute unknown.
      if (error instanceof Error && / HTTP 400 /.test(error.message)) {
        query.logger?.warn(
          `${query.sourceKey}: ${error.message}; meters of ${query.month} have no ${dimension}`,
        );
        continue;
      }
      throw error;
    }
    for (const [meterId, values] of candidates) {
      const ranked = [...values].sort(
        ([a, x], [b, y]) => y.comparedTo(x) || a.localeCompare(b),
      );
      const info = meters.get(meterId) ?? {};
      info[field] = ranked[0][0];
      if (field === 'location' && ranked.length > 1) {
        info.locations = ranked.map(([value]) => value).sort();
      }
      meters.set(meterId, info);
    }
  }
  return meters;
}

/**
 * The values of one attribute of every meter, each with the cost it carries: the value with
 * the largest cost wins when a meter has several (e.g. two locations).
 */
async function readCandidates(
  query: MonthQuery,
  dimension: string,
): Promise<Map<string, Map<string, Decimal>>> {
  const candidates = new Map<string, Map<string, Decimal>>();
  const grouping = [
    { type: 'Dimension', name: 'MeterId' },
    { type: 'Dimension', name: dimension },
  ];
  for await (const page of query.pages(
    queryDefinition(query, 'ActualCost', grouping, false),
    `${dimension} of meters ${query.month}`,
  )) {
    const columns = columnReader(page);
    const costColumn = columns.find('totalCost', ...COST_COLUMNS);
    for (const row of page.rows) {
      const meterId = columns.get(row, 'MeterId') ?? '';
      const value = columns.get(row, dimension);
      if (value === null || value === '') {
        continue;
      }
      const values = candidates.get(meterId) ?? new Map();
      const cost = costColumn
        ? decimalOf(columns.get(row, costColumn), 'cost').abs()
        : new Decimal(0);
      values.set(value, (values.get(value) ?? new Decimal(0)).plus(cost));
      candidates.set(meterId, values);
    }
  }
  return candidates;
}
