import { Knex } from 'knex';
import type { ProductShares } from '../movers';
import type { OverviewQuery } from './getOverview';

/** A period of the overview: whole months, the last one cut after `through` if given. */
export interface OverviewPeriod {
  from: string;
  to: string;
  through?: string;
}

/** Cents of a slice of the current period. */
export interface SliceCents {
  key: string;
  label?: string;
  cents: string;
}

/** The overview's sums of cents, made in SQL over the estate's atoms (exact `numeric`). */
export interface OverviewFigures {
  /** Cents of each month of the current period, usage and recurring charges apart. */
  months: Array<{ month: string; charge: boolean; cents: string }>;
  services: Array<{ provider: string; service: string; cents: string }>;
  clouds: SliceCents[];
  accounts: SliceCents[];
  regions: SliceCents[];
  categories: SliceCents[];
  /** Unpriced products of the current period, in the order they first appear. */
  unpriced: Array<{ productKey: string; name: string; quantity: string }>;
  previousCents: string;
  /** Every product of either period, in the order it first appears (current period first). */
  products: ProductShares[];
  /** Each term summed over the products, rounded to whole cents half away from zero. */
  termTotals: number[];
}

/** An account filter's join and condition on the atoms of `cells`: without it, no join. */
function accountFilter(cells: string, accountFiltered: boolean) {
  return accountFiltered
    ? {
        join: `LEFT JOIN dim_account a ON a.account_id = ${cells}.account_id`,
        where: `AND coalesce(a.account_key, 'none') = :account`,
      }
    : { join: '', where: '' };
}

/**
 * One period's atoms: the estate's (month, product, account) cells of `cost_estate_monthly`
 * that the filters keep, each with the cents the whole estate's month allocated to it by largest
 * remainder (so a filtered answer has the cents of the unfiltered one's split). With a `through`
 * day, the `to` month keeps the quantity of its days up to it, and each atom the cents of those
 * days, shared with the days after as `allocateCents` shares two amounts: each floored to the
 * cent, the cents left going first to the larger remainder, to the days kept on a tie.
 */
function periodAtoms(
  side: 0 | 1,
  { cut, accountFiltered }: { cut: boolean; accountFiltered: boolean },
): string {
  const [from, to, through] = [`:from${side}`, `:to${side}`, `:through${side}`];
  const account = accountFilter('c', accountFiltered);
  const keptJoin = `LEFT JOIN (SELECT product_id, account_id,
                            coalesce(sum(quantity) FILTER (WHERE day <= CAST(${through} AS date)),
                                     0) AS kept
                       FROM agg_quantity_estate_daily
                      WHERE period_month = CAST(${to} AS date)
                      GROUP BY 1, 2) k
                 ON c.period_month = CAST(${to} AS date) AND k.product_id = c.product_id
                AND k.account_id = c.account_id`;
  return `SELECT t.period_month, t.product_id, t.key_id, t.account_id, t.charge, t.unit_price,
            t.kept AS quantity,
            CASE WHEN t.kept = t.quantity THEN t.cents ELSE (
              SELECT l.floor_kept + CASE WHEN l.kept_first THEN ceil(l.left_cents / 2.0)
                                         ELSE floor(l.left_cents / 2.0) END / 100
                FROM (SELECT e.floor_kept,
                             e.kept_amount - e.floor_kept >= e.rest_amount - e.floor_rest
                               AS kept_first,
                             (t.cents - e.floor_kept - e.floor_rest) * 100 AS left_cents
                        FROM (SELECT x.kept_amount, x.rest_amount,
                                     floor(x.kept_amount * 100) / 100 AS floor_kept,
                                     floor(x.rest_amount * 100) / 100 AS floor_rest
                                FROM (SELECT t.kept * coalesce(t.unit_price, 0) AS kept_amount,
                                             (t.quantity - t.kept) * coalesce(t.unit_price, 0)
                                               AS rest_amount) x) e) l
            ) END AS cents
       FROM (SELECT c.period_month, c.product_id, v.key_id, c.account_id,
                    c.indirect OR v.metered_in_money AS charge, c.unit_price, c.quantity,
                    ${
                      cut ? 'coalesce(k.kept, c.quantity)' : 'c.quantity'
                    } AS kept, c.cents
               FROM cost_estate_monthly c
               JOIN versions v ON v.product_id = c.product_id
               ${account.join}
               ${cut ? keptJoin : ''}
              WHERE c.pricing_view_id = :viewId
                AND c.period_month BETWEEN CAST(${from} AS date) AND CAST(${to} AS date)
                ${account.where}) t`;
}

/**
 * The prices in period `side` of the product-months (`key_id`, `month` of the CTE `pairs`) of
 * the atoms of the other period that are `lone` (without a partner on their own account): the
 * highest unit price of the product-month there (`otherMonth`) on the accounts the filters keep.
 */
function priceOfLone(
  side: 0 | 1,
  {
    lone,
    month,
    otherMonth,
    accountFiltered,
  }: {
    lone: string;
    month: string;
    otherMonth: string;
    accountFiltered: boolean;
  },
): string {
  const account = accountFilter('x', accountFiltered);
  return `SELECT m.key_id, m.month, max(x.unit_price) AS unit_price
         FROM (SELECT DISTINCT key_id, ${month} AS month FROM pairs WHERE ${lone}) m
         JOIN versions v ON v.key_id = m.key_id
         JOIN cost_estate_monthly x ON x.product_id = v.product_id
         ${account.join}
        WHERE x.pricing_view_id = :viewId AND x.period_month = ${otherMonth}
          AND x.period_month BETWEEN CAST(:from${side} AS date) AND CAST(:to${side} AS date)
          ${account.where}
        GROUP BY 1, 2`;
}

/**
 * The current period's cents summed by some columns of the CTE `slices`, as a JSON array: each
 * column under its field's name, with the sum as `cents`.
 */
function slicesBy(fields: Record<string, string>): string {
  const columns = Object.values(fields);
  const named = Object.entries(fields)
    .map(([field, column]) => `'${field}', ${column}`)
    .join(', ');
  return `(SELECT coalesce(json_agg(json_build_object(${named}, 'cents', cents::text)), '[]')
          FROM (SELECT ${columns.join(', ')}, sum(cents) AS cents
                  FROM slices GROUP BY ${columns
                    .map((_, i) => i + 1)
                    .join(', ')}) s)`;
}

/**
 * The overview's figures in one statement (see {@link periodAtoms} for the atoms and their
 * cents).
 *
 * Products are aligned by key over both periods: a month of the current period with the month
 * `shift` months earlier. A product-month priced on both sides has a volume effect
 * `(q1 − q0) × p0` and a price effect `q1 × (p1 − p0)`; one priced on one side only is added (or
 * removed) whole, as `termsOf` does. The atoms are paired on their account; each pair's share of
 * its product-month's terms is linear in its quantities, so the product's terms are their sums.
 */
export async function overviewFigures(
  knex: Knex,
  query: OverviewQuery,
  periods: { current: OverviewPeriod; previous: OverviewPeriod; shift: number },
): Promise<OverviewFigures> {
  const { current, previous } = periods;
  const accountFiltered = query.account !== undefined;
  const statement = `WITH versions AS (
       -- The product versions the filters keep, each with the first version of its key.
       SELECT v.product_id, k.key_id, v.unit ~ '^[A-Z]{3}$' AS metered_in_money
         FROM dim_product v
         JOIN (SELECT product_key, min(product_id) AS key_id
                 FROM dim_product GROUP BY 1) k ON k.product_key = v.product_key
        WHERE (CAST(:cloud AS text) IS NULL OR v.provider = :cloud)
          AND (CAST(:category AS text) IS NULL
               OR v.family_id IN (SELECT family_id FROM dim_family WHERE family_key = :category))
     ),
     pairs AS (
       SELECT coalesce(c.key_id, p.key_id) AS key_id, c.period_month, c.product_id,
              c.account_id, c.charge, c.quantity AS q1, c.unit_price AS price1, c.cents,
              p.quantity AS q0, p.unit_price AS price0, p.cents AS previous_cents, p.aligned,
              c.key_id IS NOT NULL AS current_held, p.key_id IS NOT NULL AS previous_held,
              -- The order products are met in: the current period first, by month and version.
              CASE WHEN c.key_id IS NOT NULL
                   THEN ARRAY[0, c.period_month - DATE '2000-01-01', c.product_id]
                   ELSE ARRAY[1, p.period_month - DATE '2000-01-01', p.product_id] END AS seen
         FROM (${periodAtoms(1, {
           cut: Boolean(current.through),
           accountFiltered,
         })}) c
         FULL JOIN (SELECT a.*,
                           CAST(a.period_month + make_interval(months => :shift) AS date)
                             AS aligned
                      FROM (${periodAtoms(0, {
                        cut: Boolean(previous.through),
                        accountFiltered,
                      })}) a) p
                ON p.key_id = c.key_id AND p.aligned = c.period_month
               AND p.account_id = c.account_id
     ),
     -- An atom without a partner on its own account in the other period takes the price of its
     -- product-month there held on another account that the filters keep, or none: looked up
     -- for those atoms only (when every atom has its partner, for none).
     previous_prices AS (${priceOfLone(0, {
       lone: 'NOT previous_held',
       month: 'period_month',
       otherMonth: 'CAST(m.month - make_interval(months => :shift) AS date)',
       accountFiltered,
     })}),
     current_prices AS (${priceOfLone(1, {
       lone: 'NOT current_held',
       month: 'aligned',
       otherMonth: 'm.month',
       accountFiltered,
     })}),
     products AS (
       SELECT key_id, min(seen) AS seen, coalesce(sum(q0), 0) AS q0,
              coalesce(sum(q1), 0) AS q1,
              coalesce(sum(CASE WHEN p1 IS NOT NULL AND p0 IS NOT NULL
                                 AND coalesce(q1, 0) <> coalesce(q0, 0)
                                THEN (coalesce(q1, 0) - coalesce(q0, 0)) * p0 END), 0)
                AS volume,
              coalesce(sum(CASE WHEN current_held AND p0 IS NOT NULL AND p1 <> p0
                                THEN q1 * (p1 - p0) END), 0) AS price,
              coalesce(sum(CASE WHEN current_held AND p0 IS NULL THEN q1 * p1 END), 0)
                AS added,
              coalesce(sum(CASE WHEN previous_held AND p1 IS NULL THEN q0 * p0 END), 0)
                AS removed
         FROM (SELECT j.*,
                      CASE WHEN j.current_held THEN j.price1 ELSE cp.unit_price END AS p1,
                      CASE WHEN j.previous_held THEN j.price0 ELSE pp.unit_price END AS p0
                 FROM pairs j
                 LEFT JOIN previous_prices pp ON NOT j.previous_held
                       AND pp.key_id = j.key_id AND pp.month = j.period_month
                 LEFT JOIN current_prices cp ON NOT j.current_held
                       AND cp.key_id = j.key_id AND cp.month = j.aligned) j
        GROUP BY 1
     ),
     -- The current period's cents per product and account: every split but the months'.
     slices AS (
       SELECT p.provider, p.service, coalesce(p.region, 'global') AS region, f.family_key,
              f.name AS family_name, coalesce(a.account_key, 'none') AS account_key,
              coalesce(a.name, 'No account') AS account_name, c.cents
         FROM (SELECT product_id, account_id, sum(cents) AS cents
                 FROM pairs WHERE current_held GROUP BY 1, 2) c
         JOIN dim_product p ON p.product_id = c.product_id
         JOIN dim_family f ON f.family_id = p.family_id
         LEFT JOIN dim_account a ON a.account_id = c.account_id
     )
     SELECT
       (SELECT coalesce(json_agg(json_build_object('month', to_char(m.period_month, 'YYYY-MM'),
                 'charge', m.charge, 'cents', m.cents::text)), '[]')
          FROM (SELECT period_month, charge, sum(cents) AS cents
                  FROM pairs WHERE current_held GROUP BY 1, 2) m) AS months,
       ${slicesBy({ provider: 'provider', service: 'service' })} AS services,
       ${slicesBy({ key: 'provider' })} AS clouds,
       ${slicesBy({ key: 'account_key', label: 'account_name' })} AS accounts,
       ${slicesBy({ key: 'region' })} AS regions,
       ${slicesBy({ key: 'family_key', label: 'family_name' })} AS categories,
       (SELECT coalesce(json_agg(json_build_object('productKey', p.product_key,
                 'name', p.name || ' (' || p.unit || ')', 'quantity', u.quantity::text)
                 ORDER BY u.seen), '[]')
          FROM (SELECT key_id, min(seen) AS seen, sum(q1) AS quantity
                  FROM pairs WHERE current_held AND price1 IS NULL GROUP BY 1) u
          JOIN dim_product p ON p.product_id = u.seen[3]) AS unpriced,
       (SELECT coalesce(sum(previous_cents), 0)::text FROM pairs) AS "previousCents",
       (SELECT json_build_array(
                 coalesce(round(sum(volume) * 100), 0)::bigint,
                 coalesce(round(sum(price) * 100), 0)::bigint,
                 coalesce(round(sum(added) * 100), 0)::bigint,
                 coalesce(round(sum(removed) * 100), 0)::bigint)
          FROM products) AS "termTotals",
       (SELECT coalesce(json_agg(json_build_object('productKey', p.product_key, 'name', p.name,
                 'unit', p.unit, 'q0', m.q0::text, 'q1', m.q1::text,
                 'floors', json_build_array(
                   floor(m.volume * 100)::bigint,
                   floor(m.price * 100)::bigint,
                   floor(m.added * 100)::bigint,
                   floor(m.removed * 100)::bigint),
                 'fractions', json_build_array(
                   (m.volume * 100 - floor(m.volume * 100))::text,
                   (m.price * 100 - floor(m.price * 100))::text,
                   (m.added * 100 - floor(m.added * 100))::text,
                   (m.removed * 100 - floor(m.removed * 100))::text))
                 ORDER BY m.seen), '[]')
          FROM products m
          JOIN dim_product p ON p.product_id = m.seen[3]) AS products`;
  const bindings = {
    viewId: query.viewId,
    from1: `${current.from}-01`,
    to1: `${current.to}-01`,
    through1: current.through ?? null,
    from0: `${previous.from}-01`,
    to0: `${previous.to}-01`,
    through0: previous.through ?? null,
    shift: periods.shift,
    cloud: query.cloud ?? null,
    account: query.account ?? null,
    category: query.category ?? null,
  };
  // The planner prefers a merge join, which sorts both periods' atoms; hashing them is faster
  // (10 % of the statement at 10 M rows). Not inside a caller's transaction: it would outlast us.
  const figures = await knex.transaction(async tx => {
    if (!knex.isTransaction) await tx.raw('SET LOCAL enable_mergejoin = off');
    const { rows } = await tx.raw(statement, bindings);
    return rows[0];
  });
  return figures as OverviewFigures;
}
