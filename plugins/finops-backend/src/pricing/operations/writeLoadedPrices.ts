import { PoolClient } from 'pg';
import { refreshLoadedPrices } from './resolvedPrices';

/**
 * The pricing views the batch writes beside `actual`, each from an amount the rows may carry:
 * a product-month gets a price in the view only when every row of it carried the amount.
 */
const MANAGED_VIEWS = [
  {
    key: 'amortized',
    kind: 'amortized',
    name: 'Amortized',
    column: 'amortized_amount',
    description:
      'Upfront commitment fees spread over the usage they cover, written by the ingestion batch',
  },
  {
    key: 'list',
    kind: 'list',
    name: 'List prices',
    column: 'list_amount',
    description:
      "The providers' public list prices, written by the ingestion batch",
  },
  {
    key: 'contracted',
    kind: 'contracted',
    name: 'Contracted prices',
    column: 'contracted_amount',
    description:
      'Negotiated prices before commitment discounts, written by the ingestion batch',
  },
] as const;

/**
 * The staged amounts of each product of a domain ($2), with the currency they were billed in;
 * with its staged quantity too when `withQuantity`.
 */
const stagedAmounts = (withQuantity: boolean) => `SELECT product_id,
    ${
      withQuantity ? 'sum(quantity) AS quantity,' : ''
    } sum(billed) AS billed, min(currency) AS currency,
    CASE WHEN count(list_amount) = count(*) THEN sum(list_amount) END AS list_amount,
    CASE WHEN count(contracted_amount) = count(*) THEN sum(contracted_amount) END AS contracted_amount,
    CASE WHEN count(amortized_amount) = count(*) THEN sum(amortized_amount) END AS amortized_amount
  FROM finops_stage WHERE domain_id = $2 GROUP BY product_id`;

/** The (source, domain, month) whose facts were just replaced, in its transaction. */
export interface LoadedPricesScope {
  source: string;
  domainId: number;
  /** `YYYY-MM-01`. */
  monthStart: string;
  indirect: boolean;
  /** The staged billed total (an INDIRECT domain's one distribution product is priced at it). */
  billed: string;
  /** The currency of the views the batch creates. */
  currency: string;
  actualViewId: number;
}

/**
 * The prices a load writes, in the transaction that replaced the month's facts: the basis of each
 * product-month (its quantity and amounts as loaded, per source), the actual view's effective
 * rates and the other views' the rows carried amounts for (amortized, list, contracted), then
 * every view's resolved prices for the month's products. Reads the staged rows of `finops_stage`.
 * Returns what the actual view now makes of the load (Σ quantity × price), for the ledger.
 */
export async function writeLoadedPrices(
  connection: PoolClient,
  scope: LoadedPricesScope,
): Promise<string> {
  const { rows: affected } = await connection.query(
    `DELETE FROM actual_price_basis WHERE source_key = $1 AND domain_id = $2 AND period_month = $3
     RETURNING product_id`,
    [scope.source, scope.domainId, scope.monthStart],
  );
  // The quantity of each product as loaded: for DIRECT the staged quantities themselves (one
  // pass over the staged rows, not a second over the facts just written); for INDIRECT the
  // coefficients the facts hold.
  const basis = scope.indirect
    ? `SELECT f.product_id, f.quantity, s.billed, s.currency, s.list_amount, s.contracted_amount,
              s.amortized_amount
         FROM (SELECT product_id, sum(quantity) AS quantity FROM fact_consumption
                WHERE period_month = $3 AND source_key = $1 AND domain_id = $2
                GROUP BY product_id) f
         JOIN (${stagedAmounts(false)}) s USING (product_id)`
    : stagedAmounts(true);
  await connection.query(
    `INSERT INTO actual_price_basis (source_key, domain_id, product_id, period_month, quantity,
       billed, currency, list_amount, contracted_amount, amortized_amount)
     SELECT $1, $2, b.product_id, $3::date, b.quantity, b.billed, b.currency, b.list_amount,
            b.contracted_amount, b.amortized_amount
       FROM (${basis}) b`,
    [scope.source, scope.domainId, scope.monthStart],
  );
  if (scope.indirect) {
    // One distribution product per INDIRECT domain and source: its price is the month's amount.
    await connection.query(
      `UPDATE actual_price_basis SET billed = $4
        WHERE source_key = $1 AND domain_id = $2 AND period_month = $3`,
      [scope.source, scope.domainId, scope.monthStart, scope.billed],
    );
  }
  // The actual view: the effective rate of each product-month, over every source that bills it;
  // the batch's other views likewise from the amounts the rows carried.
  const priced: Array<{ viewId: number; column: string }> = [
    { viewId: scope.actualViewId, column: 'billed' },
  ];
  for (const view of MANAGED_VIEWS) {
    const viewId = await managedViewId(connection, view, scope);
    if (viewId !== undefined) {
      priced.push({ viewId, column: view.column });
    }
  }
  for (const { viewId, column } of priced) {
    await connection.query(
      `WITH products AS (
         SELECT product_id FROM actual_price_basis WHERE source_key = $1 AND domain_id = $2 AND period_month = $3
         UNION SELECT unnest($5::int[])
       ), removed AS (
         DELETE FROM pricing_rule r USING products p
          WHERE r.pricing_view_id = $4 AND r.product_id = p.product_id AND r.valid_from = $3
       )
       INSERT INTO pricing_rule (pricing_view_id, product_id, unit_price, valid_from, valid_to,
                                 currency)
       SELECT $4, b.product_id, sum(b.${column})::numeric(60, 30) / sum(b.quantity), $3::date,
              ($3::date + interval '1 month' - interval '1 day')::date, min(b.currency)
         FROM actual_price_basis b JOIN products p USING (product_id)
        WHERE b.period_month = $3
        GROUP BY b.product_id
       HAVING sum(b.quantity) <> 0 AND count(b.${column}) = count(*)`,
      [
        scope.source,
        scope.domainId,
        scope.monthStart,
        viewId,
        affected.map(row => row.product_id),
      ],
    );
  }
  // Resolved prices refreshed here: every view's, for the products of this month and domain.
  await refreshLoadedPrices(
    connection,
    scope.monthStart,
    scope.domainId,
    affected.map(row => row.product_id),
  );
  // The reconciliation: what the actual view now makes of this load, beside what was billed.
  const { rows: reconciled } = await connection.query(
    `SELECT coalesce(sum(b.quantity * r.unit_price), 0)::text AS total
       FROM actual_price_basis b
       JOIN pricing_rule r ON r.pricing_view_id = $4 AND r.product_id = b.product_id
                          AND r.valid_from = $3 AND r.deleted_at IS NULL
      WHERE b.period_month = $3 AND b.source_key = $1 AND b.domain_id = $2`,
    [scope.source, scope.domainId, scope.monthStart, scope.actualViewId],
  );
  return reconciled[0].total;
}

/**
 * The id of a view the batch writes beside `actual`: created the first time a source brings its
 * amounts, as a child of `actual` (what it carries no amount for is priced at the actual price);
 * undefined when there is nothing to write, or when users made a view of that key.
 */
async function managedViewId(
  connection: PoolClient,
  view: (typeof MANAGED_VIEWS)[number],
  scope: LoadedPricesScope,
): Promise<number | undefined> {
  const { rows: existing } = await connection.query(
    `SELECT pricing_view_id, managed_by FROM pricing_view WHERE view_key = $1 AND deleted_at IS NULL`,
    [view.key],
  );
  if (existing.length > 0) {
    return existing[0].managed_by ? existing[0].pricing_view_id : undefined;
  }
  const { rows: needed } = await connection.query(
    `SELECT 1 FROM actual_price_basis
      WHERE source_key = $1 AND domain_id = $2 AND period_month = $3 AND ${view.column} IS NOT NULL
      LIMIT 1`,
    [scope.source, scope.domainId, scope.monthStart],
  );
  if (needed.length === 0) {
    return undefined;
  }
  const { rows: created } = await connection.query(
    `INSERT INTO pricing_view (view_key, name, description, kind, currency, managed_by, parent_id)
     VALUES ($1, $2, $3, $4, $5, 'ingestion', $6) RETURNING pricing_view_id`,
    [
      view.key,
      view.name,
      view.description,
      view.kind,
      scope.currency,
      scope.actualViewId,
    ],
  );
  return created[0].pricing_view_id;
}
