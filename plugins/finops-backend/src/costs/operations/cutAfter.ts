import { allocateCents } from '@finops-backstage/plugin-finops-common';
import Decimal from 'decimal.js';
import { Knex } from 'knex';
import { AtomRow } from '../costCells';
import type { CostQuery } from '../CostStore';
import { monthStart } from '../periods';

/**
 * Cuts the `to` month after `through`: each application-month's atom keeps the cents of its days
 * up to it (its cents shared by largest remainder between the days kept and the others, in
 * proportion to their exact costs) and their quantity; an atom with no day kept is dropped.
 * An atom without days (the summaries are refreshed together) is charged on the 1st: kept.
 */
export async function cutAfter(
  knex: Knex,
  query: CostQuery,
  atoms: AtomRow[],
  cents: Decimal[],
  quantities: Decimal[],
  kept: boolean[],
): Promise<void> {
  const { rows } = (await knex.raw(
    `SELECT application_id AS app, domain_id, product_id, account_id,
            coalesce(sum(quantity) FILTER (WHERE day <= CAST(:through AS date)), 0)::text AS kept,
            count(*) FILTER (WHERE day <= CAST(:through AS date))::int AS days,
            sum(quantity)::text AS quantity
       FROM agg_quantity_daily
      WHERE application_id = ANY(:apps) AND period_month = :to
      GROUP BY 1, 2, 3, 4`,
    {
      apps: query.applicationIds,
      to: monthStart(query.to),
      through: query.through!,
    },
  )) as {
    rows: Array<{
      app: number;
      domain_id: number;
      product_id: number;
      account_id: number;
      kept: string;
      days: number;
      quantity: string;
    }>;
  };
  const idOf = (
    row: Omit<(typeof rows)[number], 'kept' | 'days' | 'quantity'>,
  ) => [row.app, row.domain_id, row.product_id, row.account_id].join('\u0000');
  const daily = new Map(rows.map(row => [idOf(row), row]));
  atoms.forEach((atom, index) => {
    if (atom.month !== query.to) return;
    const days = daily.get(idOf(atom));
    if (!days) return;
    const keptQuantity = new Decimal(days.kept);
    const rest = new Decimal(days.quantity).minus(keptQuantity);
    const price = new Decimal(atom.unit_price ?? 0);
    [cents[index]] = allocateCents(
      [keptQuantity.times(price), rest.times(price)],
      cents[index],
    );
    quantities[index] = keptQuantity;
    kept[index] = days.days > 0 || !cents[index].isZero();
  });
}
