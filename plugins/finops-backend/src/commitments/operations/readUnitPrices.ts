import Decimal from 'decimal.js';
import { Knex } from 'knex';
import { resolvedPrices } from '../../pricing/operations/resolvedPrices';

/**
 * Unit prices of (product, month) pairs in a view, keyed `productId|month`; pairs it does not
 * price are absent.
 */
export async function readUnitPrices(
  knex: Knex,
  viewId: number,
  pairs: Array<{ productId: number; month: string }>,
): Promise<Map<string, Decimal>> {
  if (pairs.length === 0) return new Map();
  const { rows } = await knex.raw(
    `WITH pairs AS (
       SELECT * FROM unnest(CAST(:products AS integer[]), CAST(:months AS date[]))
         AS t(product_id, period_month)
     ),
     ${resolvedPrices()}
     SELECT product_id, to_char(period_month, 'YYYY-MM') AS month, unit_price::text AS unit_price
       FROM prices JOIN pairs USING (product_id, period_month)`,
    {
      viewId,
      products: pairs.map(pair => pair.productId),
      months: pairs.map(pair => `${pair.month}-01`),
    },
  );
  return new Map(
    rows.map((row: any) => [
      `${row.product_id}|${row.month}`,
      new Decimal(row.unit_price),
    ]),
  );
}
