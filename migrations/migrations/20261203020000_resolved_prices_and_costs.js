// @ts-check
const { RESOLVE_PRICES_V1 } = require('../shared/resolvePricesV1');
const { createKeyedTable } = require('../shared/keyedTables');

/**
 * Prices resolved once, not per request. `price_resolved` holds the unit price of every
 * (pricing view, product, month) that has quantities, in the view's reporting currency; a cost
 * query joins its quantities with it. The pricing module keeps it in the transaction of whatever
 * changes a price: a rule or view edit (the view and its descendants), the batch's actual and
 * managed prices and new product-months (the month and the products loaded), exchange rates.
 *
 * `finops_resolve_prices(views, products, months)` is the one resolution: the prices of given
 * product-months in given views (a comparison asks it for product-months without quantities).
 * `finops_refresh_prices(views, months, products)` recomputes the rows of the given views and
 * their descendants (null: every view), months and products (null: all), one refresh at a time,
 * then every cost kept with them for those views and months (`finops_refresh_costs`: the cents
 * of each application-month and of each atom of an answer, the estate's monthly atoms and its
 * daily costs, for the overview).
 * Resolution: the view, then its parent chain. At each level only the most specific rule valid that
 * month counts (product, then family, then domain; then the latest `valid_from`, then the latest
 * rule). The price is the nearest level's unit price times the multipliers of the levels in front
 * of it, exactly (numeric, `finops_product`). A rule's price is in its own currency, or else its
 * view's; a price in another currency than the asked view's is converted with that month's rate
 * (`exchange_rate`); without a rate the product-month is unpriced (absent), never 0.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.raw(`
    CREATE TABLE price_resolved (
      pricing_view_id integer NOT NULL,
      period_month date NOT NULL,
      product_id integer NOT NULL,
      unit_price numeric NOT NULL,
      CONSTRAINT price_resolved_pk PRIMARY KEY (pricing_view_id, period_month, product_id)
    )`);
  await knex.raw(`COMMENT ON TABLE price_resolved IS
    'Unit price of each (view, month, product) with quantities, in the view''s currency; kept by the pricing module'`);

  // The views a change reaches: these (null: all) and their descendants; `live`: not deleted.
  await knex.raw(`
    CREATE FUNCTION finops_view_family(views integer[], live boolean)
    RETURNS TABLE (pricing_view_id integer) LANGUAGE sql STABLE AS $$
      WITH RECURSIVE family AS (
        SELECT v.pricing_view_id, v.deleted_at FROM pricing_view v
         WHERE views IS NULL OR v.pricing_view_id = ANY(views)
        UNION
        SELECT v.pricing_view_id, v.deleted_at FROM pricing_view v
          JOIN family f ON v.parent_id = f.pricing_view_id
      )
      SELECT f.pricing_view_id FROM family f WHERE NOT live OR f.deleted_at IS NULL
    $$`);

  await knex.raw(`
    CREATE FUNCTION finops_resolve_prices(views integer[], products integer[], months date[])
    RETURNS TABLE (resolved_view integer, resolved_month date, resolved_product integer,
                   resolved_price numeric)
    LANGUAGE sql STABLE AS $$
      WITH RECURSIVE chain AS (
        SELECT v.pricing_view_id AS root_id, v.pricing_view_id, v.parent_id, v.currency, 0 AS depth
          FROM pricing_view v
         WHERE v.pricing_view_id = ANY(views) AND v.deleted_at IS NULL
        UNION ALL
        SELECT c.root_id, v.pricing_view_id, v.parent_id, v.currency, c.depth + 1
          FROM pricing_view v JOIN chain c ON v.pricing_view_id = c.parent_id
         WHERE c.depth < 16
      ),
      pair_keys AS (
        SELECT pp.product_id, pp.period_month, p.family_id, f.domain_id
          FROM (SELECT DISTINCT * FROM unnest(products, months) AS t(product_id, period_month)) pp
          JOIN dim_product p ON p.product_id = pp.product_id
          JOIN dim_family f ON f.family_id = p.family_id
      ),
      candidates AS (
        SELECT c.root_id, k.product_id, k.period_month, c.depth, 0 AS level, r.valid_from,
               r.pricing_rule_id, r.unit_price, r.multiplier, coalesce(r.currency, c.currency) AS currency
          FROM pair_keys k
          JOIN pricing_rule r ON r.product_id = k.product_id
          JOIN chain c ON c.pricing_view_id = r.pricing_view_id
         WHERE r.deleted_at IS NULL
           AND r.valid_from <= k.period_month AND (r.valid_to IS NULL OR r.valid_to >= k.period_month)
        UNION ALL
        SELECT c.root_id, k.product_id, k.period_month, c.depth, 1, r.valid_from,
               r.pricing_rule_id, r.unit_price, r.multiplier, coalesce(r.currency, c.currency)
          FROM pair_keys k
          JOIN pricing_rule r ON r.family_id = k.family_id
          JOIN chain c ON c.pricing_view_id = r.pricing_view_id
         WHERE r.deleted_at IS NULL
           AND r.valid_from <= k.period_month AND (r.valid_to IS NULL OR r.valid_to >= k.period_month)
        UNION ALL
        SELECT c.root_id, k.product_id, k.period_month, c.depth, 2, r.valid_from,
               r.pricing_rule_id, r.unit_price, r.multiplier, coalesce(r.currency, c.currency)
          FROM pair_keys k
          JOIN pricing_rule r ON r.domain_id = k.domain_id
          JOIN chain c ON c.pricing_view_id = r.pricing_view_id
         WHERE r.deleted_at IS NULL
           AND r.valid_from <= k.period_month AND (r.valid_to IS NULL OR r.valid_to >= k.period_month)
      ),
      hits AS (
        SELECT DISTINCT ON (root_id, product_id, period_month, depth)
               root_id, product_id, period_month, depth, unit_price, multiplier, currency
          FROM candidates
         ORDER BY root_id, product_id, period_month, depth, level, valid_from DESC,
                  pricing_rule_id DESC
      ),
      base AS (
        SELECT DISTINCT ON (root_id, product_id, period_month)
               root_id, product_id, period_month, depth, unit_price, currency
          FROM hits WHERE unit_price IS NOT NULL
         ORDER BY root_id, product_id, period_month, depth
      ),
      reporting AS (
        SELECT root_id, currency FROM chain WHERE depth = 0
      )
      SELECT b.root_id, b.period_month, b.product_id,
             b.unit_price * coalesce(finops_product(h.multiplier), 1)
               * CASE WHEN b.currency = rc.currency THEN 1 ELSE x.rate END
        FROM base b
        JOIN reporting rc USING (root_id)
        LEFT JOIN exchange_rate x ON x.period_month = b.period_month
                                 AND x.from_currency = b.currency AND x.to_currency = rc.currency
        LEFT JOIN hits h ON h.root_id = b.root_id AND h.product_id = b.product_id
                        AND h.period_month = b.period_month
                        AND h.depth < b.depth AND h.multiplier IS NOT NULL
       WHERE b.currency = rc.currency OR x.rate IS NOT NULL
       GROUP BY b.root_id, b.product_id, b.period_month, b.unit_price, b.currency, rc.currency,
                x.rate
    $$`);
  await knex.raw(`COMMENT ON FUNCTION finops_resolve_prices(integer[], integer[], date[]) IS
    'Unit prices of the (products[i], months[i]) pairs in each of these views; unpriced pairs are absent'`);

  // The cents of each application's direct and indirect cost in each month of each view: each
  // month of the estate rounded half away from zero once, allocated over its (application, mode)
  // cells by largest remainder (ties in application, then mode order), exactly as
  // allocateCents does; so an answer reads the cells of its applications only.
  await createKeyedTable(knex, 'cost_application_monthly', {
    columns: `pricing_view_id integer, period_month date, application_id integer,
      domain_mode text, cost numeric, cents numeric`,
    primaryKey: 'pricing_view_id, period_month, application_id, domain_mode',
    comment:
      'Exact cost and allocated cents per (view, month, application, mode); kept with price_resolved',
  });
  // The cents of each atom of an answer: (application, month, domain, product, account).
  await knex.raw(`
    CREATE TABLE cost_atom_monthly (
      pricing_view_id integer NOT NULL,
      period_month date NOT NULL,
      application_id integer NOT NULL,
      domain_id integer NOT NULL,
      product_id integer NOT NULL,
      account_id integer NOT NULL,
      quantity numeric NOT NULL,
      unit_price numeric,
      cents numeric NOT NULL,
      CONSTRAINT cost_atom_monthly_pk PRIMARY KEY
        (pricing_view_id, application_id, period_month, domain_id, product_id, account_id)
    )`);
  await knex.raw(`COMMENT ON TABLE cost_atom_monthly IS
    'Quantity, unit price and allocated cents per (view, application, month, domain, product, account); kept with price_resolved'`);
  await knex.raw(`CREATE INDEX cost_atom_monthly_month_idx
    ON cost_atom_monthly (pricing_view_id, period_month)`);
  // The exact cost of each day of the estate, for the overview's daily series and its filters.
  await createKeyedTable(knex, 'cost_estate_daily', {
    columns: `pricing_view_id integer, day date, period_month date, provider text,
      family_id integer, account_id integer, charge boolean, cost numeric`,
    primaryKey: 'pricing_view_id, day, provider, family_id, account_id, charge',
    comment:
      'Exact cost per (view, day, cloud, category, account, usage or charge) of the estate; kept with price_resolved',
    indexes: { cost_estate_daily_month_idx: 'pricing_view_id, period_month' },
  });

  // The estate's atoms of each month (product, account) with their cents, for the overview.
  await createKeyedTable(knex, 'cost_estate_monthly', {
    columns: `pricing_view_id integer, period_month date, product_id integer, account_id integer,
      quantity numeric, unit_price numeric?, indirect boolean, cents numeric`,
    primaryKey: 'pricing_view_id, period_month, product_id, account_id',
    comment:
      'Quantity, unit price and allocated cents per (view, month, product, account) of the estate; kept with price_resolved',
  });

  // The estate's quantities per month, for the overview: the daily estate summary summed.
  await createKeyedTable(knex, 'agg_quantity_estate_monthly', {
    columns: `period_month date, domain_id integer, product_id integer, account_id integer,
      quantity numeric`,
    primaryKey: 'period_month, domain_id, product_id, account_id',
    comment:
      'Quantities (never costs) per month, product and account over all applications; kept by the batch',
  });
  await knex.raw(`
    CREATE FUNCTION finops_refresh_estate_monthly(month date, domain integer) RETURNS void
    LANGUAGE sql AS $$
      DELETE FROM agg_quantity_estate_monthly WHERE period_month = month AND domain_id = domain;
      INSERT INTO agg_quantity_estate_monthly
        SELECT period_month, domain_id, product_id, account_id, sum(quantity)
          FROM agg_quantity_estate_daily
         WHERE period_month = month AND domain_id = domain
         GROUP BY period_month, domain_id, product_id, account_id;
    $$`);
  await knex.raw(`
    INSERT INTO agg_quantity_estate_monthly
      SELECT period_month, domain_id, product_id, account_id, sum(quantity)
        FROM agg_quantity_estate_daily
       GROUP BY period_month, domain_id, product_id, account_id`);
  await knex.raw(`
    CREATE FUNCTION finops_refresh_costs(views integer[], months date[])
    RETURNS void LANGUAGE sql AS $$
      WITH targets AS (SELECT pricing_view_id FROM finops_view_family(views, false))
      DELETE FROM cost_application_monthly c USING targets t
       WHERE c.pricing_view_id = t.pricing_view_id
         AND (months IS NULL OR c.period_month = ANY(months));
      WITH targets AS (SELECT pricing_view_id FROM finops_view_family(views, false))
      DELETE FROM cost_atom_monthly c USING targets t
       WHERE c.pricing_view_id = t.pricing_view_id
         AND (months IS NULL OR c.period_month = ANY(months));
      WITH targets AS (SELECT pricing_view_id FROM finops_view_family(views, false))
      DELETE FROM cost_estate_daily c USING targets t
       WHERE c.pricing_view_id = t.pricing_view_id
         AND (months IS NULL OR c.period_month = ANY(months));
      WITH targets AS (SELECT pricing_view_id FROM finops_view_family(views, false))
      DELETE FROM cost_estate_monthly c USING targets t
       WHERE c.pricing_view_id = t.pricing_view_id
         AND (months IS NULL OR c.period_month = ANY(months));

      -- Each month of the estate rounded once, over its (application, mode) cells.
      INSERT INTO cost_application_monthly
      WITH targets AS (SELECT pricing_view_id FROM finops_view_family(views, true)),
      exact AS (
        SELECT t.pricing_view_id, m.period_month, m.application_id, d.domain_mode,
               coalesce(sum(m.quantity * pr.unit_price), 0) AS cost
          FROM targets t
          JOIN agg_quantity_monthly m ON months IS NULL OR m.period_month = ANY(months)
          JOIN dim_domain d ON d.domain_id = m.domain_id
          LEFT JOIN price_resolved pr ON pr.pricing_view_id = t.pricing_view_id
                                     AND pr.period_month = m.period_month
                                     AND pr.product_id = m.product_id
         GROUP BY 1, 2, 3, 4
      ),
      floored AS (
        SELECT e.*, round(floor(e.cost * 100) / 100, 2) AS floor_cents FROM exact e
      ),
      ranked AS (
        SELECT f.*,
               row_number() OVER (PARTITION BY f.pricing_view_id, f.period_month
                                  ORDER BY f.cost - f.floor_cents DESC, f.application_id,
                                           f.domain_mode) AS place,
               (round(sum(f.cost) OVER month_of, 2) - sum(f.floor_cents) OVER month_of) * 100
                 AS cents_left
          FROM floored f
        WINDOW month_of AS (PARTITION BY f.pricing_view_id, f.period_month)
      )
      SELECT pricing_view_id, period_month, application_id, domain_mode, cost,
             floor_cents + CASE WHEN place <= cents_left THEN 0.01 ELSE 0 END
        FROM ranked;

      -- Each (application, mode) cell's cents over its atoms (domain, product, account), by
      -- largest remainder in that order; a cell's cents may differ from its atoms' rounded sum
      -- by a cent or more, given out or taken back round the order as allocateCents does.
      INSERT INTO cost_atom_monthly
      WITH targets AS (SELECT pricing_view_id FROM finops_view_family(views, true)),
      atoms AS (
        SELECT t.pricing_view_id, m.period_month, m.application_id, d.domain_mode, m.domain_id,
               m.product_id, m.account_id, m.quantity, pr.unit_price,
               coalesce(m.quantity * pr.unit_price, 0) AS cost
          FROM targets t
          JOIN agg_quantity_monthly m ON months IS NULL OR m.period_month = ANY(months)
          JOIN dim_domain d ON d.domain_id = m.domain_id
          LEFT JOIN price_resolved pr ON pr.pricing_view_id = t.pricing_view_id
                                     AND pr.period_month = m.period_month
                                     AND pr.product_id = m.product_id
      ),
      floored AS (
        SELECT a.*, round(floor(a.cost * 100) / 100, 2) AS floor_cents FROM atoms a
      ),
      ranked AS (
        SELECT f.*,
               row_number() OVER (cell ORDER BY f.cost - f.floor_cents DESC, f.domain_id,
                                  f.product_id, f.account_id) AS place,
               count(*) OVER cell AS members,
               ((c.cents - sum(f.floor_cents) OVER cell) * 100)::bigint AS cents_left
          FROM floored f
          JOIN cost_application_monthly c
            ON c.pricing_view_id = f.pricing_view_id AND c.period_month = f.period_month
           AND c.application_id = f.application_id AND c.domain_mode = f.domain_mode
        WINDOW cell AS (PARTITION BY f.pricing_view_id, f.period_month, f.application_id,
                                     f.domain_mode)
      )
      SELECT pricing_view_id, period_month, application_id, domain_id, product_id, account_id,
             quantity, unit_price,
             floor_cents + 0.01 * CASE
               WHEN cents_left >= 0
                 THEN cents_left / members + CASE WHEN place <= cents_left % members THEN 1 ELSE 0 END
               ELSE -((-cents_left) / members
                      + CASE WHEN place > members - (-cents_left) % members THEN 1 ELSE 0 END)
             END
        FROM ranked;

      -- Each month of the estate rounded once over its (product, account) atoms, for the overview.
      INSERT INTO cost_estate_monthly
      WITH targets AS (SELECT pricing_view_id FROM finops_view_family(views, true)),
      atoms AS (
        SELECT t.pricing_view_id, m.period_month, m.product_id, m.account_id,
               sum(m.quantity) AS quantity, bool_or(d.domain_mode = 'INDIRECT') AS indirect
          FROM targets t
          JOIN agg_quantity_estate_monthly m ON months IS NULL OR m.period_month = ANY(months)
          JOIN dim_domain d ON d.domain_id = m.domain_id
         GROUP BY 1, 2, 3, 4
      ),
      priced AS (
        SELECT a.*, pr.unit_price, coalesce(a.quantity * pr.unit_price, 0) AS cost
          FROM atoms a
          LEFT JOIN price_resolved pr ON pr.pricing_view_id = a.pricing_view_id
                                     AND pr.period_month = a.period_month
                                     AND pr.product_id = a.product_id
      ),
      floored AS (
        SELECT p.*, round(floor(p.cost * 100) / 100, 2) AS floor_cents FROM priced p
      ),
      ranked AS (
        SELECT f.*,
               row_number() OVER (PARTITION BY f.pricing_view_id, f.period_month
                                  ORDER BY f.cost - f.floor_cents DESC, f.product_id,
                                           f.account_id) AS place,
               (round(sum(f.cost) OVER month_of, 2) - sum(f.floor_cents) OVER month_of) * 100
                 AS cents_left
          FROM floored f
        WINDOW month_of AS (PARTITION BY f.pricing_view_id, f.period_month)
      )
      SELECT pricing_view_id, period_month, product_id, account_id, quantity, unit_price,
             indirect, floor_cents + CASE WHEN place <= cents_left THEN 0.01 ELSE 0 END
        FROM ranked;

      -- Each day of the estate per cloud, category, account and kind, for the overview's series
      -- (a day of unpriced quantities only is there, at 0).
      INSERT INTO cost_estate_daily
      WITH targets AS (SELECT pricing_view_id FROM finops_view_family(views, true))
      SELECT t.pricing_view_id, e.day, e.period_month, p.provider, p.family_id, e.account_id,
             (d.domain_mode = 'INDIRECT' OR p.unit ~ '^[A-Z]{3}$'),
             coalesce(sum(e.quantity * pr.unit_price), 0)
        FROM targets t
        JOIN agg_quantity_estate_daily e ON months IS NULL OR e.period_month = ANY(months)
        LEFT JOIN price_resolved pr ON pr.pricing_view_id = t.pricing_view_id
                              AND pr.period_month = e.period_month AND pr.product_id = e.product_id
        JOIN dim_product p ON p.product_id = e.product_id
        JOIN dim_domain d ON d.domain_id = e.domain_id
       GROUP BY 1, 2, 3, 4, 5, 6, 7;
    $$`);

  await knex.raw(`
    CREATE FUNCTION finops_refresh_prices(views integer[], months date[], products integer[])
    RETURNS void LANGUAGE sql AS $$${RESOLVE_PRICES_V1}
      SELECT finops_refresh_costs(views, months);
    $$`);
  await knex.raw('SELECT finops_refresh_prices(NULL, NULL, NULL)');
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.raw(
    'DROP FUNCTION finops_refresh_prices(integer[], date[], integer[])',
  );
  await knex.raw(
    'DROP FUNCTION finops_resolve_prices(integer[], integer[], date[])',
  );
  await knex.raw('DROP FUNCTION finops_refresh_costs(integer[], date[])');
  await knex.raw('DROP FUNCTION finops_view_family(integer[], boolean)');
  await knex.raw('DROP FUNCTION finops_refresh_estate_monthly(date, integer)');
  for (const table of [
    'agg_quantity_estate_monthly',
    'cost_estate_monthly',
    'cost_estate_daily',
    'cost_atom_monthly',
    'cost_application_monthly',
  ]) {
    await knex.raw(`DROP TABLE ${table}`);
  }
  await knex.raw('DROP TABLE price_resolved');
};
