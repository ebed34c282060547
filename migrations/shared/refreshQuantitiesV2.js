// @ts-check
// SQL run by more than one migration, as it landed: never edit it (a change is a new migration).
// Not a migration itself: knex reads only the files of ../migrations.

/** The month's facts grouped per day (d), per month (m) and over the applications (e). */
const GROUPS = `d AS MATERIALIZED (
    SELECT day, product_id, application_id, coalesce(account_id, 0) AS account_id,
           sum(quantity) AS quantity, count(*) AS row_count
      FROM fact_consumption
     WHERE period_month = month AND domain_id = domain
     GROUP BY day, product_id, application_id, coalesce(account_id, 0)
  ), m AS MATERIALIZED (
    SELECT product_id, application_id, account_id, sum(quantity) AS quantity,
           sum(row_count)::bigint AS row_count
      FROM d GROUP BY product_id, application_id, account_id
  ), e AS MATERIALIZED (
    SELECT day, product_id, account_id, sum(quantity) AS quantity
      FROM d GROUP BY day, product_id, account_id
  )`;

/**
 * The refresh's first branch after its test of the daily summary: with no summary of the month
 * yet, the month is summarised by plain inserts and the function returns.
 */
const FIRST_LOAD = `         AND NOT EXISTS (SELECT 1 FROM agg_quantity_monthly WHERE period_month = month AND domain_id = domain)
         AND NOT EXISTS (SELECT 1 FROM agg_quantity_estate_daily WHERE period_month = month AND domain_id = domain)
      THEN
        -- A month summarised for the first time: plain inserts.
        WITH ${GROUPS}, monthly AS (
          INSERT INTO agg_quantity_monthly
            (period_month, domain_id, product_id, application_id, account_id, quantity, row_count)
          SELECT month, domain, product_id, application_id, account_id, quantity, row_count FROM m
        ), daily AS (
          INSERT INTO agg_quantity_daily
            (day, period_month, domain_id, product_id, application_id, account_id, quantity)
          SELECT day, month, domain, product_id, application_id, account_id, quantity FROM d
        )
        INSERT INTO agg_quantity_estate_daily
          (day, period_month, domain_id, product_id, account_id, quantity)
        SELECT day, month, domain, product_id, account_id, quantity FROM e;
        RETURN;
      END IF;
`;

/**
 * The second `finops_refresh_quantities(month date, domain integer)`, which refreshes the
 * summaries in place: created by the migration that refreshes them in place, and again by the
 * down of the migration that made that upkeep cheaper.
 */
const REFRESH_QUANTITIES_V2 = `
    CREATE OR REPLACE FUNCTION finops_refresh_quantities(month date, domain integer) RETURNS void
    LANGUAGE plpgsql
    -- Bulk statements over a month: hash joins whatever the estimates (a partition loaded a moment
    -- ago has no statistics yet, and a nested loop over its groups would be quadratic), and the
    -- groups of a month sorted in memory.
    SET enable_nestloop = off
    SET work_mem = '64MB'
    AS $$
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM agg_quantity_daily WHERE period_month = month AND domain_id = domain)
${FIRST_LOAD}      -- Only the groups that are new or changed are written (a hash join with what is there).
      WITH ${GROUPS}, monthly_gone AS (
        DELETE FROM agg_quantity_monthly a
         WHERE a.period_month = month AND a.domain_id = domain
           AND NOT EXISTS (SELECT 1 FROM m WHERE m.product_id = a.product_id
                             AND m.application_id = a.application_id AND m.account_id = a.account_id)
      ), monthly AS (
        INSERT INTO agg_quantity_monthly
          (period_month, domain_id, product_id, application_id, account_id, quantity, row_count)
        SELECT month, domain, m.product_id, m.application_id, m.account_id, m.quantity, m.row_count
          FROM m LEFT JOIN agg_quantity_monthly o
            ON o.period_month = month AND o.domain_id = domain AND o.product_id = m.product_id
           AND o.application_id = m.application_id AND o.account_id = m.account_id
         WHERE o.quantity IS NULL OR o.quantity::text <> m.quantity::text
            OR o.row_count <> m.row_count
        ON CONFLICT ON CONSTRAINT agg_quantity_monthly_pk DO UPDATE
           SET quantity = excluded.quantity, row_count = excluded.row_count
      ), daily_gone AS (
        DELETE FROM agg_quantity_daily a
         WHERE a.period_month = month AND a.domain_id = domain
           AND NOT EXISTS (SELECT 1 FROM d WHERE d.day = a.day AND d.product_id = a.product_id
                             AND d.application_id = a.application_id AND d.account_id = a.account_id)
      ), daily AS (
        INSERT INTO agg_quantity_daily
          (day, period_month, domain_id, product_id, application_id, account_id, quantity)
        SELECT d.day, month, domain, d.product_id, d.application_id, d.account_id, d.quantity
          FROM d LEFT JOIN agg_quantity_daily o
            ON o.period_month = month AND o.domain_id = domain AND o.day = d.day
           AND o.product_id = d.product_id AND o.application_id = d.application_id
           AND o.account_id = d.account_id
         WHERE o.quantity IS NULL OR o.quantity::text <> d.quantity::text
        ON CONFLICT ON CONSTRAINT agg_quantity_daily_pk DO UPDATE SET quantity = excluded.quantity
      ), estate_gone AS (
        DELETE FROM agg_quantity_estate_daily a
         WHERE a.period_month = month AND a.domain_id = domain
           AND NOT EXISTS (SELECT 1 FROM e WHERE e.day = a.day AND e.product_id = a.product_id
                             AND e.account_id = a.account_id)
      )
      INSERT INTO agg_quantity_estate_daily
        (day, period_month, domain_id, product_id, account_id, quantity)
      SELECT e.day, month, domain, e.product_id, e.account_id, e.quantity
        FROM e LEFT JOIN agg_quantity_estate_daily o
          ON o.period_month = month AND o.domain_id = domain AND o.day = e.day
         AND o.product_id = e.product_id AND o.account_id = e.account_id
       WHERE o.quantity IS NULL OR o.quantity::text <> e.quantity::text
      ON CONFLICT ON CONSTRAINT agg_quantity_estate_daily_pk DO UPDATE
         SET quantity = excluded.quantity;
    END
    $$`;

module.exports = { GROUPS, FIRST_LOAD, REFRESH_QUANTITIES_V2 };
