import { Knex } from 'knex';

/**
 * Prices are resolved once, when they change, not per request: `price_resolved` holds the unit
 * price of every (view, month, product) with quantities, in the view's reporting currency. Kept
 * with them: the cents of each application-month (`cost_application_monthly`) and of each atom
 * of an answer (`cost_atom_monthly`), the estate's monthly atoms (`cost_estate_monthly`) and its
 * daily costs (`cost_estate_daily`). The resolution and rounding rules are the SQL functions of
 * the migration `20261203020000_resolved_prices_and_costs`. This module is the only code that
 * refreshes them, always in the transaction of the change.
 */

/** What a change touched; an omitted part means all of it. */
export interface PriceScope {
  /** Views whose prices changed; their descendants are refreshed with them. */
  views?: number[];
  /** Month starts, `YYYY-MM-DD`. */
  months?: string[];
  products?: number[];
}

/** Recomputes the resolved prices of a scope, in the caller's transaction. */
export async function refreshPrices(
  db: Knex | Knex.Transaction,
  scope: PriceScope = {},
): Promise<void> {
  await db.raw(
    `SELECT finops_refresh_prices(CAST(:views AS integer[]), CAST(:months AS date[]),
                                  CAST(:products AS integer[]))`,
    {
      views: scope.views ?? null,
      months: scope.months ?? null,
      products: scope.products ?? null,
    },
  );
}

/**
 * Recomputes every cost kept with the prices (application and atom cents, the estate's monthly
 * atoms and daily costs) for every view and month, for a change that moves costs between direct and indirect (a
 * domain's mode), in the caller's transaction.
 */
export async function refreshCosts(db: Knex | Knex.Transaction): Promise<void> {
  await db.raw('SELECT finops_refresh_costs(NULL, NULL)');
}

/** A database connection of the batch (a `pg` client inside its transaction). */
export interface SqlClient {
  query(text: string, values?: unknown[]): Promise<unknown>;
}

/**
 * The batch's refresh after it replaced a (month, domain): every view's prices of the month for
 * the products it holds now and those it held before (`previous`), which the new actual and
 * managed prices, and the product-months that appeared, may change. The costs kept with them are
 * refreshed once for the month, after its last domain ({@link refreshMonthCosts}).
 */
export async function refreshLoadedPrices(
  client: SqlClient,
  monthStart: string,
  domainId: number,
  previous: number[],
): Promise<void> {
  await client.query(
    `SELECT finops_refresh_resolved(NULL, ARRAY[$1::date], ARRAY(
       SELECT DISTINCT product_id FROM agg_quantity_monthly WHERE period_month = $1 AND domain_id = $2
       UNION SELECT unnest($3::int[])))`,
    [monthStart, domainId, previous],
  );
}

/**
 * Every view's costs of a month (application and atom cents, the estate's atoms and days) from its
 * quantities and resolved prices, in the batch's transaction that replaced the month's domains.
 */
export async function refreshMonthCosts(
  client: SqlClient,
  monthStart: string,
): Promise<void> {
  await client.query('SELECT finops_refresh_costs(NULL, ARRAY[$1::date])', [
    monthStart,
  ]);
}

/**
 * A common table expression `<name> (product_id, period_month, unit_price)`: the resolved prices
 * of the view bound to `viewBinding`. Product-months it does not price are absent: unpriced.
 */
export function resolvedPrices(
  name = 'prices',
  viewBinding = ':viewId',
): string {
  return `${name} AS (
    SELECT product_id, period_month, unit_price FROM price_resolved
     WHERE pricing_view_id = ${viewBinding}
  )`;
}

/**
 * Like {@link resolvedPrices}, for product-months that may have no quantities (the other side of a
 * comparison): the resolved prices, and for the pairs of the CTE `pairs (product_id,
 * period_month)` that the table lacks, what the view's rules make of them.
 */
export function pricesOfPairs(
  name: string,
  viewBinding: string,
  pairs: string,
): string {
  return `${name} AS (
    SELECT product_id, period_month, unit_price FROM price_resolved
     WHERE pricing_view_id = ${viewBinding}
    UNION ALL
    SELECT r.resolved_product, r.resolved_month, r.resolved_price
      FROM (SELECT array_agg(m.product_id) AS products, array_agg(m.period_month) AS months
              FROM ${pairs} m
             WHERE NOT EXISTS (
               SELECT 1 FROM price_resolved x
                WHERE x.pricing_view_id = ${viewBinding} AND x.product_id = m.product_id
                  AND x.period_month = m.period_month)) missing,
           finops_resolve_prices(ARRAY[CAST(${viewBinding} AS integer)], missing.products,
                                 missing.months) r
  )`;
}
