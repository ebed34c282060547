import {
  allocateCents,
  amountOfCents,
  centsOf,
} from '@finops-backstage/plugin-finops-common';
import { Knex } from 'knex';
import { resolvedPrices } from '../../pricing/operations/resolvedPrices';
import { AnswerRow, Cell, cellId } from '../costCells';
import type { CostQuery } from '../CostStore';
import { monthStart } from '../periods';

/** Shares out the cents of each monthly row over its days, in proportion to their exact costs. */
export async function shareOutByDay(
  knex: Knex,
  query: CostQuery,
  monthlyCells: Cell[],
  joins: string,
  key: string,
  label: string,
  unit: string,
): Promise<Cell[]> {
  const { rows } = (await knex.raw(
    `WITH day_quantities AS (
       SELECT m.day, m.period_month, m.domain_id, m.product_id, m.application_id,
              m.account_id, m.quantity
         FROM agg_quantity_daily m
        WHERE m.application_id = ANY(:apps) AND m.period_month BETWEEN :from AND :to
          AND (CAST(:through AS date) IS NULL OR m.day <= CAST(:through AS date))
     ),
     ${resolvedPrices()}
     SELECT to_char(q.period_month, 'YYYY-MM') AS month, to_char(q.day, 'YYYY-MM-DD') AS day,
            d.domain_mode AS mode, ${key} AS key, ${label} AS label, ${unit} AS unit,
            trim_scale(sum(q.quantity))::text AS quantity,
            coalesce(sum(q.quantity * pr.unit_price), 0)::text AS cost
       FROM day_quantities q
       LEFT JOIN prices pr USING (product_id, period_month)
       ${joins}
      GROUP BY 1, 2, 3, 4, 5, 6
      ORDER BY 2, 4, 3`,
    {
      apps: query.applicationIds,
      from: monthStart(query.from),
      to: monthStart(query.to),
      viewId: query.viewId,
      through: query.through ?? null,
    },
  )) as {
    rows: Array<
      Pick<
        AnswerRow,
        'month' | 'mode' | 'key' | 'label' | 'unit' | 'quantity'
      > & {
        day: string;
        cost: string;
      }
    >;
  };
  const daysOf = new Map<string, typeof rows>();
  for (const row of rows) {
    const id = cellId(row, row.month);
    const days = daysOf.get(id);
    if (days) days.push(row);
    else daysOf.set(id, [row]);
  }
  return monthlyCells.flatMap(month => {
    const days = daysOf.get(cellId(month, month.period));
    if (!days) {
      // The summaries are refreshed together; a month without days is charged on its first.
      return [{ ...month, period: `${month.period}-01` }];
    }
    const dayCents = allocateCents(
      days.map(day => day.cost),
      amountOfCents(month.cents),
    );
    return days.map((day, i) => ({
      ...month,
      period: day.day,
      cents: centsOf(dayCents[i].toFixed()),
      quantities: [day.quantity],
    }));
  });
}
