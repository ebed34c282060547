import { allocateByPartition } from '@finops-backstage/plugin-finops-common';
import Decimal from 'decimal.js';
import { Knex } from 'knex';
import { resolvedPrices } from '../pricing/resolvedPrices';

/** An application's direct or indirect cost in a month: what is rounded once. */
export function partitionOf(row: {
  app: number;
  month: string;
  mode: string;
}): string {
  return `${row.app}\u0000${row.month}\u0000${row.mode}`;
}

/**
 * The cents of each application's direct and indirect cost in each month of a view, whoever asks
 * (the costs of an entity, the chargeback report): each month of the whole estate is rounded half
 * away from zero once (so the estate adds up to the bill and to the overview) and allocated over
 * its (application, mode) cells by largest remainder. A component therefore has the same cents on
 * its own page, in any group's answer and on its chargeback lines, and a group's total is the sum
 * of its components' (which may differ from its exact sum rounded by a few cents). A change in
 * one application's costs may move a cent of another's. Keyed by {@link partitionOf}.
 */
export async function readApplicationCents(
  knex: Knex,
  viewId: number,
  from: string,
  to: string,
): Promise<Map<string, Decimal>> {
  const { rows } = (await knex.raw(
    `WITH q AS (
       SELECT m.period_month, m.domain_id, m.product_id, m.application_id, m.quantity
         FROM agg_quantity_monthly m
        WHERE m.period_month BETWEEN :from AND :to
     ),
     ${resolvedPrices()}
     SELECT q.application_id AS app, to_char(q.period_month, 'YYYY-MM') AS month,
            d.domain_mode AS mode, coalesce(sum(q.quantity * pr.unit_price), 0)::text AS cost
       FROM q
       LEFT JOIN prices pr USING (product_id, period_month)
       JOIN dim_domain d ON d.domain_id = q.domain_id
      GROUP BY 1, 2, 3
      ORDER BY 2, 1, 3`,
    { from, to, viewId },
  )) as {
    rows: Array<{ app: number; month: string; mode: string; cost: string }>;
  };
  const cents = allocateByPartition(
    rows,
    row => row.month,
    row => row.cost,
  );
  return new Map(rows.map((row, i) => [partitionOf(row), cents[i]]));
}
