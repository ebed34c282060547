import { Knex } from 'knex';
import { RecommendationsQuery } from '../CommitmentStore';
import { ELIGIBLE_FAMILIES, applicationScope } from './eligibleUsage';

/** An eligible product's daily on-demand usage over the lookback, quantities as text. */
export interface UsageBaseline {
  product_id: number;
  product_key: string;
  name: string;
  unit: string;
  provider: string;
  region: string | null;
  instance_type: string | null;
  family_key: string;
  /** The last day of the lookback, `YYYY-MM-DD`. */
  until: string;
  /** The last month the product was used, `YYYY-MM`. */
  price_month: string;
  days: number;
  days_used: number;
  /** The 10th percentile of daily usage, days without usage counting 0. */
  baseline: string;
  mean: string;
  peak: string;
  sd: string;
}

/**
 * The daily on-demand usage of each eligible product over the lookback that ends at the last
 * day of eligible on-demand usage before `today` (see `CommitmentStore.recommendations`).
 */
export async function readUsageBaselines(
  knex: Knex,
  query: Pick<
    RecommendationsQuery,
    'lookbackDays' | 'today' | 'applicationIds'
  >,
): Promise<UsageBaseline[]> {
  const s = applicationScope(query.applicationIds);
  const onDemand = `fa.family_key = ANY(:families)
          AND coalesce(f.charge_category, 'Usage') = 'Usage'
          AND f.commitment_id IS NULL
          AND coalesce(f.pricing_category, 'Standard') = 'Standard'
          AND f.quantity > 0
          AND f.day < CAST(:today AS date)
          AND ${s.sql}`;
  const { rows } = await knex.raw(
    `WITH last AS (
       SELECT max(f.day) AS day
         FROM fact_consumption f
         JOIN dim_product p ON p.product_id = f.product_id
         JOIN dim_family fa ON fa.family_id = p.family_id
        WHERE f.period_month <= CAST(:today AS date) AND ${onDemand}
     ),
     bounds AS (
       SELECT day AS until, (day - (:days - 1))::date AS since FROM last WHERE day IS NOT NULL
     ),
     daily AS (
       SELECT f.product_id, f.day, sum(f.quantity) AS q
         FROM fact_consumption f
         JOIN dim_product p ON p.product_id = f.product_id
         JOIN dim_family fa ON fa.family_id = p.family_id
         CROSS JOIN bounds b
        WHERE f.period_month >= date_trunc('month', b.since)::date
          AND f.period_month <= b.until
          AND f.day BETWEEN b.since AND b.until
          AND ${onDemand}
        GROUP BY 1, 2
     ),
     grid AS (
       SELECT pr.product_id, d::date AS day
         FROM (SELECT DISTINCT product_id FROM daily) pr
         CROSS JOIN bounds b
         CROSS JOIN generate_series(b.since, b.until, interval '1 day') d
     ),
     filled AS (
       SELECT g.product_id, g.day, coalesce(d.q, 0) AS q
         FROM grid g LEFT JOIN daily d USING (product_id, day)
     )
     SELECT x.product_id, p.product_key, p.name, p.unit, p.provider, p.region,
            p.attributes->>'instanceType' AS instance_type, fa.family_key,
            to_char((SELECT until FROM bounds), 'YYYY-MM-DD') AS until,
            to_char(x.last_used, 'YYYY-MM') AS price_month,
            x.days, x.days_used, x.baseline::text AS baseline, x.mean::text AS mean,
            x.peak::text AS peak, x.sd::text AS sd
       FROM (
         SELECT product_id, count(*)::int AS days, count(*) FILTER (WHERE q > 0)::int AS days_used,
                max(day) FILTER (WHERE q > 0) AS last_used,
                percentile_disc(0.1) WITHIN GROUP (ORDER BY q) AS baseline,
                avg(q) AS mean, max(q) AS peak, stddev_pop(q) AS sd
           FROM filled GROUP BY product_id
       ) x
       JOIN dim_product p ON p.product_id = x.product_id
       JOIN dim_family fa ON fa.family_id = p.family_id
      ORDER BY p.product_key`,
    {
      days: query.lookbackDays,
      today: query.today,
      families: ELIGIBLE_FAMILIES,
      apps: s.apps,
    },
  );
  return rows;
}
