// @ts-check
// SQL run by more than one migration, as it landed: never edit it (a change is a new migration).
// Not a migration itself: knex reads only the files of ../migrations.

/**
 * The body of the first `finops_refresh_costs(views, months)`: every cost kept with the resolved
 * prices (application and atom cents, the estate's monthly atoms and daily costs) of the given
 * views and their descendants (null: every view) and months (null: all), deleted and computed anew.
 */
const REFRESH_COSTS_V1 = `
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
    `;

module.exports = { REFRESH_COSTS_V1 };
