import { CommitmentCoverage } from '@finops-backstage/plugin-finops-common';
import Decimal from 'decimal.js';
import { Knex } from 'knex';
import { resolvedPrices } from '../../pricing/operations/resolvedPrices';
import { CoverageQuery } from '../CommitmentStore';
import {
  ELIGIBLE_FAMILIES,
  HOURLY_UNITS,
  applicationScope,
} from './eligibleUsage';

/** Coverage per month, eligible family and unit (see `CommitmentStore.coverage`). */
export async function readCoverage(
  knex: Knex,
  query: CoverageQuery,
): Promise<CommitmentCoverage[]> {
  const s = applicationScope(query.applicationIds);
  const { rows } = await knex.raw(
    `WITH f AS (
       SELECT f.period_month, f.product_id, p.family_id,
              CASE WHEN p.unit ~* :hourly THEN 'Hours' ELSE p.unit END AS unit,
              f.quantity, f.commitment_id, f.commitment_status,
              coalesce(f.pricing_category, 'Standard') AS pricing_category
         FROM fact_consumption f
         JOIN dim_product p ON p.product_id = f.product_id
        WHERE f.period_month BETWEEN :from AND :to
          AND coalesce(f.charge_category, 'Usage') = 'Usage'
          AND f.quantity >= 0
          AND (CAST(:source AS text) IS NULL OR f.source_key = :source)
          AND ${s.sql}
     ),
     eligible AS (
       SELECT family_id FROM dim_family WHERE family_key = ANY(:families)
       UNION SELECT DISTINCT family_id FROM f WHERE commitment_id IS NOT NULL
     ),
     usage AS (
       SELECT f.period_month, f.family_id, f.unit, f.product_id,
              coalesce(sum(f.quantity) FILTER (
                WHERE f.commitment_id IS NOT NULL AND coalesce(f.commitment_status, 'Used') = 'Used'), 0) AS covered,
              coalesce(sum(f.quantity) FILTER (
                WHERE f.commitment_id IS NULL AND f.pricing_category = 'Standard'), 0) AS on_demand
         FROM f JOIN eligible USING (family_id)
        GROUP BY 1, 2, 3, 4
     ),
     ${resolvedPrices()}
     SELECT to_char(u.period_month, 'YYYY-MM') AS month, fa.family_key, fa.name AS family_name,
            u.unit, sum(u.covered)::text AS covered, sum(u.on_demand)::text AS on_demand,
            round(coalesce(sum(u.on_demand * pr.unit_price), 0), 2)::text AS on_demand_cost
       FROM usage u
       JOIN dim_family fa ON fa.family_id = u.family_id
       LEFT JOIN prices pr ON pr.product_id = u.product_id AND pr.period_month = u.period_month
      GROUP BY 1, 2, 3, 4
     HAVING sum(u.covered) + sum(u.on_demand) > 0
      ORDER BY 1, 2, 4`,
    {
      from: `${query.from}-01`,
      to: `${query.to}-01`,
      viewId: query.viewId,
      source: query.sourceKey ?? null,
      families: ELIGIBLE_FAMILIES,
      hourly: HOURLY_UNITS.source,
      apps: s.apps,
    },
  );
  return rows.map((row: any) => {
    const covered = new Decimal(row.covered);
    const all = covered.plus(row.on_demand);
    return {
      month: row.month,
      familyKey: row.family_key,
      familyName: row.family_name,
      unit: row.unit,
      coveredQuantity: covered.toFixed(),
      onDemandQuantity: new Decimal(row.on_demand).toFixed(),
      coverage: all.isZero()
        ? undefined
        : covered.dividedBy(all).toDecimalPlaces(4).toFixed(),
      onDemandCost: row.on_demand_cost,
    };
  });
}
