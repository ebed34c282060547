import { shiftMonth, toCents } from '@internal/plugin-finops-common';
import Decimal from 'decimal.js';
import { Knex } from 'knex';
import { priceCtes } from './priceSql';

/** Filters of the organisation overview. */
export interface OverviewQuery {
  viewId: number;
  from: string;
  to: string;
  cloud?: string;
  account?: string;
  category?: string;
}

interface Slice {
  dim: string;
  key: string | null;
  label: string | null;
  cost: string | null;
}

/** Every slice of the estate's cost in one pass: totals, series and splits (numeric, rounded to cents). */
async function slices(
  knex: Knex,
  query: OverviewQuery,
  from: string,
  to: string,
  totalOnly: boolean,
) {
  // Splits come from quantities summed per month, product and account (prices are monthly), so
  // only the daily series multiplies at the day grain; both are exact numeric sums of q × p.
  const parts = totalOnly
    ? [
        `SELECT 'total' AS dim, NULL AS key, NULL AS label, sum(cost) AS cost FROM j`,
      ]
    : [
        `SELECT 'total' AS dim, NULL AS key, NULL AS label, sum(cost) AS cost FROM j`,
        `SELECT 'days', NULL, NULL, count(*) FROM d`,
        `SELECT 'weekend', NULL, NULL, sum(cost) FROM d WHERE extract(isodow FROM day) >= 6`,
        `SELECT 'day', to_char(day, 'YYYY-MM-DD'), NULL, cost FROM d`,
        `SELECT 'month', to_char(period_month, 'YYYY-MM'), NULL, sum(cost) FROM j GROUP BY 2`,
        `SELECT 'cloud', provider, NULL, sum(cost) FROM j GROUP BY 2`,
        `SELECT 'service', provider, service, sum(cost) FROM j GROUP BY 2, 3`,
        `SELECT 'account', account_key, account_name, sum(cost) FROM j GROUP BY 2, 3`,
        `SELECT 'region', region, NULL, sum(cost) FROM j GROUP BY 2`,
        `SELECT 'category', family_key, family_name, sum(cost) FROM j GROUP BY 2, 3`,
        `SELECT 'unpriced', product_key, product_name || ' (' || unit || ')', sum(quantity)
           FROM j WHERE unit_price IS NULL GROUP BY 2, 3`,
      ];
  // Only the filters asked for: joins on 180k daily rows per year are not free.
  const filters = [
    query.cloud &&
      'm.product_id IN (SELECT product_id FROM dim_product WHERE provider = :cloud)',
    query.account &&
      'm.account_id IN (SELECT account_id FROM dim_account WHERE account_key = :account)',
    query.category &&
      `m.product_id IN (SELECT p.product_id FROM dim_product p
                          JOIN dim_family f ON f.family_id = p.family_id
                         WHERE f.family_key = :category)`,
  ].filter(Boolean);
  const { rows } = await knex.raw(
    `WITH RECURSIVE q AS (
       SELECT m.day, m.period_month, m.product_id, m.account_id, m.quantity
         FROM agg_quantity_estate_daily m
        WHERE m.period_month BETWEEN :from AND :to
          ${filters.map(filter => `AND ${filter}`).join('\n          ')}
     ),
     monthly AS (
       SELECT period_month, product_id, account_id, sum(quantity) AS quantity
         FROM q GROUP BY 1, 2, 3
     ),
     pairs AS (SELECT DISTINCT product_id, period_month FROM monthly),
     ${priceCtes()},
     j AS (
       SELECT m.period_month, m.quantity, pr.unit_price, m.quantity * pr.unit_price AS cost,
              p.product_key, p.name AS product_name, p.unit, p.provider, p.service,
              coalesce(p.region, 'global') AS region, f.family_key, f.name AS family_name,
              coalesce(a.account_key, 'none') AS account_key, coalesce(a.name, 'No account') AS account_name
         FROM monthly m
         LEFT JOIN prices pr USING (product_id, period_month)
         JOIN dim_product p ON p.product_id = m.product_id
         JOIN dim_family f ON f.family_id = p.family_id
         LEFT JOIN dim_account a ON a.account_id = m.account_id
     ),
     d AS (
       SELECT q.day, sum(q.quantity * pr.unit_price) AS cost
         FROM q LEFT JOIN prices pr USING (product_id, period_month)
        GROUP BY q.day
     )
     ${parts
       .map(
         part =>
           `SELECT dim, key, label, cost::text FROM (${part}) s(dim, key, label, cost)`,
       )
       .join(' UNION ALL ')}`,
    {
      from: `${from}-01`,
      to: `${to}-01`,
      viewId: query.viewId,
      cloud: query.cloud ?? null,
      account: query.account ?? null,
      category: query.category ?? null,
    },
  );
  return rows as Slice[];
}

function cents(value: string | null): string {
  return toCents(value ?? '0');
}

/** a / b × 100 with one decimal; null when b is 0. */
function percent(a: Decimal, b: Decimal): string | null {
  return b.isZero()
    ? null
    : a
        .dividedBy(b)
        .times(100)
        .toDecimalPlaces(1, Decimal.ROUND_HALF_UP)
        .toFixed(1);
}

/** The organisation overview of the FinOps page. */
export async function getOverview(knex: Knex, query: OverviewQuery) {
  const current = await slices(knex, query, query.from, query.to, false);
  const [fy, fm] = query.from.split('-').map(Number);
  const [ty, tm] = query.to.split('-').map(Number);
  const length = ty * 12 + tm - (fy * 12 + fm) + 1;
  const previous = await slices(
    knex,
    query,
    shiftMonth(query.from, -length),
    shiftMonth(query.to, -length),
    true,
  );

  const of = (dim: string) => current.filter(slice => slice.dim === dim);
  const byCost = (a: Slice, b: Slice) =>
    new Decimal(b.cost ?? 0).comparedTo(a.cost ?? 0);
  const total = new Decimal(of('total')[0]?.cost ?? '0');
  const previousTotal = new Decimal(previous[0]?.cost ?? '0');
  const days = Number(of('days')[0]?.cost ?? 0);
  return {
    total: cents(total.toFixed()),
    days,
    averagePerDay: days === 0 ? '0.00' : cents(total.dividedBy(days).toFixed()),
    previousTotal: cents(previousTotal.toFixed()),
    trendPercent: percent(total.minus(previousTotal), previousTotal),
    weekendShare:
      percent(new Decimal(of('weekend')[0]?.cost ?? '0'), total) ?? '0.0',
    topServices: of('service')
      .sort(byCost)
      .slice(0, 10)
      .map(s => ({ provider: s.key, service: s.label, cost: cents(s.cost) })),
    byCloud: of('cloud')
      .sort(byCost)
      .map(s => ({ key: s.key, cost: cents(s.cost) })),
    byAccount: of('account')
      .sort(byCost)
      .map(s => ({ key: s.key, label: s.label, cost: cents(s.cost) })),
    byRegion: of('region')
      .sort(byCost)
      .map(s => ({ key: s.key, cost: cents(s.cost) })),
    byCategory: of('category')
      .sort(byCost)
      .map(s => ({ key: s.key, label: s.label, cost: cents(s.cost) })),
    daily: of('day')
      .sort((a, b) => a.key!.localeCompare(b.key!))
      .map(s => ({ day: s.key, cost: cents(s.cost) })),
    monthly: of('month')
      .sort((a, b) => a.key!.localeCompare(b.key!))
      .map(s => ({ month: s.key, cost: cents(s.cost) })),
    unpriced: of('unpriced').map(s => ({
      productKey: s.key,
      name: s.label,
      quantity: s.cost,
    })),
  };
}
