import {
  allocateCents,
  ComparedItem,
  sumOf,
} from '@finops-backstage/plugin-finops-common';
import Decimal from 'decimal.js';
import { Knex } from 'knex';
import { pricesOfPairs } from '../../pricing/operations/resolvedPrices';
import { compareText } from '../costCells';
import type { Comparison, CostQuery, CostResult, Period } from '../CostStore';
import { moversOf, termsOf } from '../movers';
import { monthStart } from '../periods';

/** How many product-months priced on one side only a comparison lists (the largest first). */
const ONE_SIDED_LISTED = 50;

/** A product-month of a comparison: quantities and unit prices of both sides (null: unpriced). */
interface ComparedRow {
  product_key: string;
  name: string;
  unit: string;
  month1: string;
  month0: string;
  q1: string;
  q0: string;
  p1: string | null;
  p0: string | null;
}

/**
 * A comparison that reconciles: the baseline total is what {@link getCosts} answers for the
 * baseline, the total what it answers for the current side, and the difference splits into a
 * volume effect Σ(q₁−q₀)·p₀ and a price effect Σq₁·(p₁−p₀) over the product-months priced on both
 * sides, plus what is priced on one side only (added: only in the current side; removed: only in
 * the baseline), counted whole and listed. The exact terms are rounded to cents by largest
 * remainder so that difference = volume + price + added − removed, to the cent.
 */
export async function compareCosts(
  knex: Knex,
  getCosts: (query: CostQuery) => Promise<CostResult>,
  applicationIds: number[],
  current: { viewId: number } & Period,
  baseline: { viewId: number } & Period,
): Promise<Comparison> {
  const totalOf = async (side: typeof current) =>
    (
      await getCosts({
        applicationIds,
        ...side,
        granularity: 'month',
        groupBy: 'domain',
      })
    ).total;
  const [total, baselineTotal] = [
    await totalOf(current),
    await totalOf(baseline),
  ];
  const { rows } = (await knex.raw(
    `WITH shift AS (SELECT ((extract(year FROM CAST(:from1 AS date)) - extract(year FROM CAST(:from0 AS date))) * 12
                            + extract(month FROM CAST(:from1 AS date)) - extract(month FROM CAST(:from0 AS date)))::int AS months),
          -- A side cut after its 'through' takes its last month from the days up to it.
          q1 AS (SELECT product_id, period_month, sum(quantity) AS q FROM agg_quantity_monthly
                  WHERE application_id = ANY(:apps) AND period_month BETWEEN :from1 AND :to1
                    AND (CAST(:through1 AS date) IS NULL OR period_month < :to1) GROUP BY 1, 2
                 UNION ALL
                 SELECT product_id, period_month, sum(quantity) FROM agg_quantity_daily
                  WHERE application_id = ANY(:apps) AND period_month = :to1
                    AND day <= CAST(:through1 AS date) GROUP BY 1, 2),
          q0 AS (SELECT product_id, (period_month + make_interval(months => (SELECT months FROM shift)))::date AS period_month,
                        sum(q) AS q
                   FROM (SELECT product_id, period_month, quantity AS q FROM agg_quantity_monthly
                          WHERE application_id = ANY(:apps) AND period_month BETWEEN :from0 AND :to0
                            AND (CAST(:through0 AS date) IS NULL OR period_month < :to0)
                         UNION ALL
                         SELECT product_id, period_month, quantity FROM agg_quantity_daily
                          WHERE application_id = ANY(:apps) AND period_month = :to0
                            AND day <= CAST(:through0 AS date)) sides
                  GROUP BY 1, 2),
          aligned AS (
            SELECT product_id, period_month, coalesce(q1.q, 0) AS q1, coalesce(q0.q, 0) AS q0
              FROM q1 FULL JOIN q0 USING (product_id, period_month)
          ),
          -- Either side may hold a product-month without quantities, priced by the view's rules.
          pairs1 AS (SELECT product_id, period_month FROM aligned),
          pairs0 AS (SELECT product_id, (period_month - make_interval(months => (SELECT months FROM shift)))::date AS period_month
                       FROM aligned),
          ${pricesOfPairs('prices', ':view1', 'pairs1')},
          ${pricesOfPairs('prices0', ':view0', 'pairs0')}
     SELECT p.product_key, p.name, p.unit, to_char(a.period_month, 'YYYY-MM') AS month1,
            to_char(a.period_month - make_interval(months => (SELECT months FROM shift)), 'YYYY-MM') AS month0,
            a.q1::text AS q1, a.q0::text AS q0, p1.unit_price::text AS p1, p0.unit_price::text AS p0
       FROM aligned a
       JOIN dim_product p ON p.product_id = a.product_id
       LEFT JOIN prices p1 ON p1.product_id = a.product_id AND p1.period_month = a.period_month
       LEFT JOIN prices0 p0 ON p0.product_id = a.product_id
        AND p0.period_month = (a.period_month - make_interval(months => (SELECT months FROM shift)))::date
      ORDER BY p.product_key, a.period_month`,
    {
      apps: applicationIds,
      from1: monthStart(current.from),
      to1: monthStart(current.to),
      from0: monthStart(baseline.from),
      to0: monthStart(baseline.to),
      view1: current.viewId,
      view0: baseline.viewId,
      through1: current.through ?? null,
      through0: baseline.through ?? null,
    },
  )) as { rows: ComparedRow[] };

  let volume = new Decimal(0);
  let price = new Decimal(0);
  const added: Array<{ row: ComparedRow; exact: Decimal }> = [];
  const removed: Array<{ row: ComparedRow; exact: Decimal }> = [];
  const productMonths = rows.map(row => ({
    productKey: row.product_key,
    name: row.name,
    unit: row.unit,
    q1: new Decimal(row.q1),
    q0: new Decimal(row.q0),
    p1: row.p1,
    p0: row.p0,
  }));
  productMonths.forEach((productMonth, i) => {
    const terms = termsOf(productMonth);
    volume = volume.plus(terms.volume);
    price = price.plus(terms.price);
    // Listed whole when priced on one side only and held there (even at a price of 0).
    const { p1, p0, q1, q0 } = productMonth;
    if (p1 !== null && p0 === null && !q1.isZero()) {
      added.push({ row: rows[i], exact: terms.added });
    } else if (p0 !== null && p1 === null && !q0.isZero()) {
      removed.push({ row: rows[i], exact: terms.removed });
    }
  });
  const exactTerms = [
    volume,
    price,
    sumOf(added.map(item => item.exact)),
    sumOf(removed.map(item => item.exact)).negated(),
  ];
  const difference = new Decimal(total).minus(baselineTotal);
  // Only terms that are there take cents: what rounding the totals leaves goes to the volume.
  const present = exactTerms.flatMap((term, i) => (term.isZero() ? [] : [i]));
  const allocated = present.length > 0 ? present : [0];
  const termCents = [0, 1, 2, 3].map(() => new Decimal(0));
  allocateCents(
    allocated.map(i => exactTerms[i]),
    difference,
  ).forEach((value, i) => {
    termCents[allocated[i]] = value;
  });
  const [volumeEffect, priceEffect, addedCost, removedCost] = [
    termCents[0],
    termCents[1],
    termCents[2],
    termCents[3].negated(),
  ];

  const listed = (
    items: typeof added,
    target: Decimal,
    side: 'current' | 'baseline',
  ): ComparedItem[] => {
    const itemCents = allocateCents(
      items.map(item => item.exact),
      target,
    );
    return items.map(({ row }, i) => ({
      productKey: row.product_key,
      name: row.name,
      month: side === 'current' ? row.month1 : row.month0,
      side,
      amount: itemCents[i].toFixed(2),
    }));
  };
  const items = [
    ...listed(added, addedCost, 'current'),
    ...listed(removed, removedCost, 'baseline'),
  ].sort(
    (a, b) =>
      new Decimal(b.amount).abs().comparedTo(new Decimal(a.amount).abs()) ||
      compareText(a.productKey, b.productKey) ||
      compareText(a.month, b.month),
  );
  const omitted = items.slice(ONE_SIDED_LISTED);
  const omittedOn = (side: 'current' | 'baseline') =>
    sumOf(
      omitted.filter(item => item.side === side).map(item => item.amount),
    ).toFixed(2);
  return {
    baselineTotal,
    total,
    difference: difference.toFixed(2),
    volumeEffect: volumeEffect.toFixed(2),
    priceEffect: priceEffect.toFixed(2),
    addedCost: addedCost.toFixed(2),
    removedCost: removedCost.toFixed(2),
    oneSided: {
      items: items.slice(0, ONE_SIDED_LISTED),
      omitted: {
        count: omitted.length,
        addedCost: omittedOn('current'),
        removedCost: omittedOn('baseline'),
      },
    },
    movers: moversOf(productMonths, difference),
  };
}
