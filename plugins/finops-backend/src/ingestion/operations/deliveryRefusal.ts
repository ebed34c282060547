import Decimal from 'decimal.js';
import { PoolClient } from 'pg';
import type { LoadGuards } from './loadSourceMonth';

/**
 * Why a staged (source, domain, month) must not replace the month's data, if it must not: too many
 * rows rejected, no rows for a month that has data, a billed total that falls past the drop
 * threshold, or (DIRECT) a provider or account that does. `hadData`: the month held data before.
 */
export async function deliveryRefusal(
  connection: PoolClient,
  scope: {
    source: string;
    domainId: number;
    monthStart: string;
    actualViewId: number;
    indirect: boolean;
    stagedRows: number;
    stagedBilled: string;
    rejectedShare: number;
    guards: LoadGuards;
  },
): Promise<{ refusal?: string; hadData: boolean }> {
  const { rows: previous } = await connection.query(
    `SELECT coalesce(sum(billed), 0)::text AS billed, count(*)::int AS products
       FROM actual_price_basis
      WHERE source_key = $1 AND domain_id = $2 AND period_month = $3`,
    [scope.source, scope.domainId, scope.monthStart],
  );
  const previousBilled = new Decimal(previous[0].billed);
  const hadData = previous[0].products > 0;
  let refusal: string | undefined;
  if (scope.rejectedShare > scope.guards.rejectThreshold) {
    refusal = `${(scope.rejectedShare * 100).toFixed(
      1,
    )} % of the rows were rejected (limit ${(
      scope.guards.rejectThreshold * 100
    ).toFixed(1)} %)`;
  } else if (scope.stagedRows === 0 && hadData) {
    refusal = 'the source returned no rows for a month that has data';
  } else if (
    hadData &&
    previousBilled.isPositive() &&
    !previousBilled.isZero() &&
    new Decimal(scope.stagedBilled).lessThan(
      previousBilled.times(1 - scope.guards.dropThreshold),
    )
  ) {
    refusal = `the billed total would fall from ${previous[0].billed} to ${
      scope.stagedBilled
    } (more than ${(scope.guards.dropThreshold * 100).toFixed(0)} %)`;
  }
  if (!refusal && hadData && !scope.indirect) {
    refusal = await groupDrop(connection, {
      source: scope.source,
      domainId: scope.domainId,
      monthStart: scope.monthStart,
      actualViewId: scope.actualViewId,
      dropThreshold: scope.guards.dropThreshold,
    });
  }
  return { refusal, hadData };
}

/**
 * The drop guard per provider and per billing account: a file can be short at a clean line end, so
 * the month's total may hold while a provider or an account lost its rows. Compares what each had
 * in the month's previous load (its quantities at the actual prices) with what the staged rows
 * bill; the first that would fall by more than the threshold is the refusal.
 */
async function groupDrop(
  connection: PoolClient,
  scope: {
    source: string;
    domainId: number;
    monthStart: string;
    actualViewId: number;
    dropThreshold: number;
  },
): Promise<string | undefined> {
  const { rows } = await connection.query(
    // Each side is first summed per (product, account) — thousands of rows, not the month's
    // hundreds of thousands — then joined to the dimensions and prices: Σ q × p = (Σ q) × p, exactly.
    `WITH before AS (
       SELECT p.provider, a.account_key, grouping(a.account_key) AS whole,
              sum(f.quantity * r.unit_price) AS billed
         FROM (SELECT product_id, account_id, sum(quantity) AS quantity
                 FROM fact_consumption
                WHERE period_month = $3 AND source_key = $1 AND domain_id = $2
                GROUP BY product_id, account_id) f
         JOIN dim_product p ON p.product_id = f.product_id
         LEFT JOIN dim_account a ON a.account_id = f.account_id
         JOIN pricing_rule r ON r.pricing_view_id = $4 AND r.product_id = f.product_id
                            AND r.valid_from = $3 AND r.deleted_at IS NULL
        GROUP BY GROUPING SETS ((p.provider), (p.provider, a.account_key))
     ), after AS (
       SELECT p.provider, a.account_key, grouping(a.account_key) AS whole,
              sum(s.billed) AS billed
         FROM (SELECT product_id, account_id, sum(billed) AS billed
                 FROM finops_stage WHERE domain_id = $2
                GROUP BY product_id, account_id) s
         JOIN dim_product p ON p.product_id = s.product_id
         LEFT JOIN dim_account a ON a.account_id = s.account_id
        GROUP BY GROUPING SETS ((p.provider), (p.provider, a.account_key))
     )
     SELECT b.provider, b.account_key, b.whole, round(b.billed, 2)::text AS before,
            round(coalesce(n.billed, 0), 2)::text AS after
       FROM before b
       LEFT JOIN after n ON n.provider = b.provider AND n.whole = b.whole
                        AND n.account_key IS NOT DISTINCT FROM b.account_key
      WHERE b.billed > 0 AND coalesce(n.billed, 0) < b.billed * (1 - $5::numeric)
      ORDER BY b.whole DESC, b.provider, b.account_key
      LIMIT 1`,
    [
      scope.source,
      scope.domainId,
      scope.monthStart,
      scope.actualViewId,
      scope.dropThreshold,
    ],
  );
  if (rows.length === 0) {
    return undefined;
  }
  const [drop] = rows;
  const who =
    drop.whole === 1
      ? `provider ${drop.provider}`
      : `account ${drop.account_key ?? '(none)'} of ${drop.provider}`;
  return `${who} would fall from ${drop.before} to ${drop.after} (more than ${(
    scope.dropThreshold * 100
  ).toFixed(0)} %)`;
}
