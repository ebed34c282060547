import { Config } from '@backstage/config';
import { parse } from 'csv-parse/sync';
import { Knex } from 'knex';
import Decimal from 'decimal.js';
import fs from 'node:fs';
import { refreshPrices } from './resolvedPrices';

/** 1 unit of `from` is worth `rate` units of `to` over `month`. */
export interface ExchangeRate {
  /** `YYYY-MM`. */
  month: string;
  from: string;
  to: string;
  /** An exact decimal. */
  rate: string;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const CURRENCY = /^[A-Z]{3}$/;
const RATE = /^\d+(\.\d+)?$/;

/** What is wrong with a rate, if anything. */
function problemOf(rate: ExchangeRate): string | undefined {
  if (!MONTH.test(rate.month)) {
    return `month '${rate.month}' is not YYYY-MM`;
  }
  if (!CURRENCY.test(rate.from) || !CURRENCY.test(rate.to)) {
    return `'${rate.from}' → '${rate.to}' are not ISO 4217 currency codes`;
  }
  if (rate.from === rate.to) {
    return `from and to are both ${rate.from}`;
  }
  if (!RATE.test(rate.rate) || /^0*(\.0*)?$/.test(rate.rate)) {
    return `rate '${rate.rate}' is not a positive decimal`;
  }
  return undefined;
}

function checked(rate: ExchangeRate, where: string): ExchangeRate {
  const problem = problemOf(rate);
  if (problem) {
    throw new Error(`Exchange rate ${where}: ${problem}`);
  }
  return rate;
}

/**
 * The exchange rates of the config: `finops.currency.rates` (a list) and the CSV file
 * `finops.currency.ratesFile` (header `month,from,to,rate`). A bad entry throws, naming it.
 */
export function readConfiguredRates(config: Config): ExchangeRate[] {
  const rates = (
    config.getOptionalConfigArray('finops.currency.rates') ?? []
  ).map((entry, index) =>
    checked(
      {
        month: entry.getString('month'),
        from: entry.getString('from'),
        to: entry.getString('to'),
        rate: String(entry.get('rate')),
      },
      `finops.currency.rates[${index}]`,
    ),
  );
  const file = config.getOptionalString('finops.currency.ratesFile');
  if (file) {
    const records: Array<Record<string, string>> = parse(
      fs.readFileSync(file, 'utf8'),
      { bom: true, columns: true, skip_empty_lines: true, trim: true },
    );
    records.forEach((record, index) =>
      rates.push(
        checked(
          {
            month: record.month,
            from: record.from,
            to: record.to,
            rate: record.rate,
          },
          `${file}:${index + 2}`,
        ),
      ),
    );
  }
  return rates;
}

/** Replaces the rates of an origin (e.g. `config`) with these, in one transaction. */
export async function storeExchangeRates(
  knex: Knex,
  rates: ExchangeRate[],
  origin = 'config',
): Promise<void> {
  await knex.transaction(async trx => {
    const { rows: before } = (await trx.raw(
      `DELETE FROM exchange_rate WHERE origin = ?
       RETURNING to_char(period_month, 'YYYY-MM') AS month, from_currency AS "from",
                 to_currency AS "to", rate::text AS rate`,
      [origin],
    )) as { rows: ExchangeRate[] };
    if (rates.length > 0) {
      await trx.batchInsert(
        'exchange_rate',
        rates.map(rate => ({
          period_month: `${rate.month}-01`,
          from_currency: rate.from,
          to_currency: rate.to,
          rate: rate.rate,
          origin,
        })),
        500,
      );
    }
    // Every view's prices in the months whose rates changed.
    const keyOf = (rate: ExchangeRate) =>
      `${rate.month} ${rate.from} ${rate.to} ${new Decimal(
        rate.rate,
      ).toFixed()}`;
    const was = new Set(before.map(keyOf));
    const is = new Set(rates.map(keyOf));
    const months = [
      ...before.filter(rate => !is.has(keyOf(rate))),
      ...rates.filter(rate => !was.has(keyOf(rate))),
    ].map(rate => `${rate.month}-01`);
    if (months.length > 0) {
      await refreshPrices(trx, { months: [...new Set(months)] });
    }
  });
}

/** The monthly rates a cost answer used, and the months and currencies that had none. */
export interface ExchangeRatesUsed {
  used: ExchangeRate[];
  missing: Array<Omit<ExchangeRate, 'rate'>>;
}

/**
 * The rates that convert the mart's prices of these months to a reporting currency, and the
 * (month, currency) pairs that have prices but no rate: their products are unpriced.
 */
export async function ratesFor(
  knex: Knex,
  currency: string,
  from: string,
  to: string,
): Promise<ExchangeRatesUsed> {
  const { rows } = await knex.raw(
    `SELECT DISTINCT to_char(r.valid_from, 'YYYY-MM') AS month, r.currency AS "from",
            x.rate::text AS rate
       FROM pricing_rule r
       LEFT JOIN exchange_rate x ON x.period_month = r.valid_from
                                AND x.from_currency = r.currency AND x.to_currency = ?
      WHERE r.deleted_at IS NULL AND r.currency IS NOT NULL AND r.currency <> ?
        AND r.valid_from BETWEEN ?::date AND ?::date
      ORDER BY 1, 2`,
    [currency, currency, `${from}-01`, `${to}-01`],
  );
  const used: ExchangeRate[] = [];
  const missing: Array<Omit<ExchangeRate, 'rate'>> = [];
  for (const row of rows) {
    if (row.rate === null) {
      missing.push({ month: row.month, from: row.from, to: currency });
    } else {
      used.push({
        month: row.month,
        from: row.from,
        to: currency,
        rate: row.rate,
      });
    }
  }
  return { used, missing };
}
