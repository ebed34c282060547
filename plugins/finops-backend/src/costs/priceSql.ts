/**
 * SQL that resolves unit prices at query time, as common table expressions.
 *
 * It expects a CTE `pairs (product_id, period_month)` before it and the pricing view's id as the
 * named binding `:viewId`; it defines `prices (product_id, period_month, unit_price)`. A suffix
 * renames its CTEs, so that two views can be priced in one query.
 * Pairs without a price anywhere in the view's chain are absent from `prices`: unpriced.
 *
 * Resolution: the view, then its parent chain. At each level only the most specific rule valid that
 * month counts (product, then family, then domain; then the latest `valid_from`). Candidates are
 * found by equality joins per level, so many pairs are priced by hash joins rather than one index
 * probe each. The price is the nearest level's unit price,
 * times the multipliers of the levels in front of it, exactly (numeric, `finops_product`).
 *
 * Currencies: a rule's price is in its own currency (the batch writes each product's actual price
 * in the currency it was billed in) or else its view's. A price in another currency than the
 * asked view's (its reporting currency) is converted with that month's rate (`exchange_rate`);
 * without a rate the pair is unpriced, never 0.
 */
const PRICE_CTES = `
  chain AS (
    SELECT v.pricing_view_id, v.parent_id, v.currency, 0 AS depth
      FROM pricing_view v WHERE v.pricing_view_id = :viewId
    UNION ALL
    SELECT v.pricing_view_id, v.parent_id, v.currency, c.depth + 1
      FROM pricing_view v JOIN chain c ON v.pricing_view_id = c.parent_id
     WHERE c.depth < 16
  ),
  pair_keys AS (
    SELECT pp.product_id, pp.period_month, p.family_id, f.domain_id
      FROM pairs pp
      JOIN dim_product p ON p.product_id = pp.product_id
      JOIN dim_family f ON f.family_id = p.family_id
  ),
  candidates AS (
    SELECT k.product_id, k.period_month, c.depth, 0 AS level, r.valid_from, r.pricing_rule_id,
           r.unit_price, r.multiplier, coalesce(r.currency, c.currency) AS currency
      FROM pair_keys k
      JOIN pricing_rule r ON r.product_id = k.product_id
      JOIN chain c ON c.pricing_view_id = r.pricing_view_id
     WHERE r.deleted_at IS NULL
       AND r.valid_from <= k.period_month AND (r.valid_to IS NULL OR r.valid_to >= k.period_month)
    UNION ALL
    SELECT k.product_id, k.period_month, c.depth, 1, r.valid_from, r.pricing_rule_id,
           r.unit_price, r.multiplier, coalesce(r.currency, c.currency) AS currency
      FROM pair_keys k
      JOIN pricing_rule r ON r.family_id = k.family_id
      JOIN chain c ON c.pricing_view_id = r.pricing_view_id
     WHERE r.deleted_at IS NULL
       AND r.valid_from <= k.period_month AND (r.valid_to IS NULL OR r.valid_to >= k.period_month)
    UNION ALL
    SELECT k.product_id, k.period_month, c.depth, 2, r.valid_from, r.pricing_rule_id,
           r.unit_price, r.multiplier, coalesce(r.currency, c.currency) AS currency
      FROM pair_keys k
      JOIN pricing_rule r ON r.domain_id = k.domain_id
      JOIN chain c ON c.pricing_view_id = r.pricing_view_id
     WHERE r.deleted_at IS NULL
       AND r.valid_from <= k.period_month AND (r.valid_to IS NULL OR r.valid_to >= k.period_month)
  ),
  hits AS (
    SELECT DISTINCT ON (product_id, period_month, depth)
           product_id, period_month, depth, unit_price, multiplier, currency
      FROM candidates
     ORDER BY product_id, period_month, depth, level, valid_from DESC, pricing_rule_id DESC
  ),
  base AS (
    SELECT DISTINCT ON (product_id, period_month) product_id, period_month, depth, unit_price,
           currency
      FROM hits WHERE unit_price IS NOT NULL
     ORDER BY product_id, period_month, depth
  ),
  reporting AS (
    SELECT currency FROM chain WHERE depth = 0
  ),
  prices AS (
    SELECT b.product_id, b.period_month,
           b.unit_price * coalesce(finops_product(h.multiplier), 1)
             * CASE WHEN b.currency = rc.currency THEN 1 ELSE x.rate END AS unit_price
      FROM base b
      CROSS JOIN reporting rc
      LEFT JOIN exchange_rate x ON x.period_month = b.period_month
                               AND x.from_currency = b.currency AND x.to_currency = rc.currency
      LEFT JOIN hits h ON h.product_id = b.product_id AND h.period_month = b.period_month
                      AND h.depth < b.depth AND h.multiplier IS NOT NULL
     WHERE b.currency = rc.currency OR x.rate IS NOT NULL
     GROUP BY b.product_id, b.period_month, b.unit_price, b.currency, rc.currency, x.rate
  )`;

export function priceCtes(
  suffix = '',
  viewBinding = ':viewId',
  pairs = 'pairs',
): string {
  return PRICE_CTES.replace(
    /\b(chain|pair_keys|candidates|hits|base|reporting|prices)\b/g,
    `$1${suffix}`,
  )
    .replace(':viewId', viewBinding)
    .replace('FROM pairs pp', `FROM ${pairs} pp`);
}
