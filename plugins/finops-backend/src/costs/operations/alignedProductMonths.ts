import { shiftMonth } from '@finops-backstage/plugin-finops-common';
import Decimal from 'decimal.js';
import { Knex } from 'knex';
import { pricesOfPairs } from '../../pricing/operations/resolvedPrices';
import { ComparedProductMonth } from '../movers';
import type { Allocated } from './getOverview';

/**
 * The estate's product-months of both periods, aligned like for like (a month of the current
 * period with the month as far into the previous one), with their quantities and unit prices. As
 * in an entity's comparison, a product-month held on one side only takes the view's price of the
 * other side's month: it is new (or gone) only where the view does not price it there.
 */
export async function alignedProductMonths(
  knex: Knex,
  viewId: number,
  current: Allocated[],
  previous: Allocated[],
  shift: number,
): Promise<ComparedProductMonth[]> {
  type Aligned = ComparedProductMonth & {
    productId: number;
    month: string;
    held: [boolean, boolean];
  };
  const aligned = new Map<string, Aligned>();
  const add = (atom: Allocated, month: string, side: 0 | 1) => {
    const id = `${atom.product_id}\u0000${month}`;
    const row: Aligned = aligned.get(id) ?? {
      productId: atom.product_id,
      month,
      productKey: atom.product_key,
      name: atom.product_name,
      unit: atom.unit,
      q1: new Decimal(0),
      q0: new Decimal(0),
      p1: null,
      p0: null,
      held: [false, false],
    };
    row.held[side] = true;
    if (side === 1) {
      row.q1 = row.q1.plus(atom.quantity);
      row.p1 = atom.unit_price;
    } else {
      row.q0 = row.q0.plus(atom.quantity);
      row.p0 = atom.unit_price;
    }
    aligned.set(id, row);
  };
  current.forEach(atom => add(atom, atom.month, 1));
  previous.forEach(atom => add(atom, shiftMonth(atom.month, shift), 0));
  const rows = [...aligned.values()];
  // The prices of the months a product is not held in, on the other side.
  const missing = rows.flatMap(row =>
    row.held[0] && row.held[1]
      ? []
      : [
          {
            row,
            side: row.held[1] ? 0 : 1,
            month: row.held[1] ? shiftMonth(row.month, -shift) : row.month,
          },
        ],
  );
  if (missing.length > 0) {
    const { rows: prices } = (await knex.raw(
      `WITH pairs AS (
         SELECT DISTINCT product_id, period_month
           FROM unnest(CAST(:products AS integer[]), CAST(:months AS date[])) AS m (product_id, period_month)
       ),
       ${pricesOfPairs('prices', ':viewId', 'pairs')}
       SELECT p.product_id, to_char(p.period_month, 'YYYY-MM') AS month, p.unit_price::text AS unit_price
         FROM prices p JOIN pairs USING (product_id, period_month)`,
      {
        viewId,
        products: missing.map(m => m.row.productId),
        months: missing.map(m => `${m.month}-01`),
      },
    )) as {
      rows: Array<{ product_id: number; month: string; unit_price: string }>;
    };
    const priceOf = new Map(
      prices.map(p => [`${p.product_id}\u0000${p.month}`, p.unit_price]),
    );
    for (const { row, side, month } of missing) {
      const price = priceOf.get(`${row.productId}\u0000${month}`) ?? null;
      if (side === 1) row.p1 = price;
      else row.p0 = price;
    }
  }
  return rows;
}
