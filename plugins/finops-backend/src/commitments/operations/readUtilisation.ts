import { CommitmentUtilisation } from '@finops-backstage/plugin-finops-common';
import Decimal from 'decimal.js';
import { Knex } from 'knex';
import { resolvedPrices } from '../../pricing/operations/resolvedPrices';
import { UtilisationQuery } from '../CommitmentStore';

/** Utilisation per commitment and month (see `CommitmentStore.utilisation`). */
export async function readUtilisation(
  knex: Knex,
  query: UtilisationQuery,
): Promise<CommitmentUtilisation[]> {
  const { rows } = await knex.raw(
    `WITH f AS (
       SELECT f.period_month, f.product_id, f.quantity, f.commitment_id, f.commitment_status,
              f.commitment_quantity, coalesce(f.charge_category, 'Usage') AS charge_category
         FROM fact_consumption f
        WHERE f.period_month BETWEEN :from AND :to AND f.commitment_id IS NOT NULL
          AND (CAST(:source AS text) IS NULL OR f.source_key = :source)
     ),
     ${resolvedPrices()},
     monthly AS (
       SELECT f.period_month, f.commitment_id,
              coalesce(sum(f.commitment_quantity) FILTER (
                WHERE f.charge_category = 'Usage' AND f.commitment_status = 'Used'), 0) AS used,
              coalesce(sum(f.commitment_quantity) FILTER (
                WHERE f.charge_category = 'Usage' AND f.commitment_status = 'Unused'), 0) AS unused,
              coalesce(sum(f.quantity * pr.unit_price) FILTER (
                WHERE f.charge_category = 'Purchase'), 0) AS cost
         FROM f
         LEFT JOIN prices pr ON pr.product_id = f.product_id AND pr.period_month = f.period_month
        GROUP BY 1, 2
     )
     SELECT to_char(m.period_month, 'YYYY-MM') AS month, c.commitment_key, c.name,
            c.commitment_type, m.used::text AS used, m.unused::text AS unused, m.cost::text AS cost
       FROM monthly m JOIN dim_commitment c ON c.commitment_id = m.commitment_id
      ORDER BY 1, 2`,
    {
      from: `${query.from}-01`,
      to: `${query.to}-01`,
      viewId: query.viewId,
      source: query.sourceKey ?? null,
    },
  );
  return rows.map((row: any) => {
    const used = new Decimal(row.used);
    const unused = new Decimal(row.unused);
    const all = used.plus(unused);
    const cost = new Decimal(row.cost);
    const waste = all.isZero()
      ? new Decimal(0)
      : cost.times(unused).dividedBy(all);
    return {
      month: row.month,
      commitmentKey: row.commitment_key,
      name: row.name ?? undefined,
      type: row.commitment_type ?? undefined,
      usedQuantity: used.toFixed(),
      unusedQuantity: unused.toFixed(),
      utilisation: all.isZero()
        ? undefined
        : used.dividedBy(all).toDecimalPlaces(4).toFixed(),
      commitmentCost: cost.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2),
      waste: waste.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2),
    };
  });
}
