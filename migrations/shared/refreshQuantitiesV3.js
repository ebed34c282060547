// @ts-check
// SQL run by more than one migration, as it landed: never edit it (a change is a new migration).
// Not a migration itself: knex reads only the files of ../migrations.
const { FIRST_LOAD, GROUPS } = require('./refreshQuantitiesV2');

/** The month's rows of a summary keyed by day: a range of its primary key (day first). */
const DAYS_OF_MONTH = `day >= month AND day < (month + interval '1 month')::date
           AND period_month = month AND domain_id = domain`;

/**
 * The refresh's first branch since the third: a month summarised for the first time is inserted
 * plainly, and the function returns (the daily summary tested by its primary key's day range).
 */
const FIRST_SUMMARY = `      IF NOT EXISTS (SELECT 1 FROM agg_quantity_daily WHERE ${DAYS_OF_MONTH})
${FIRST_LOAD}`;

/**
 * The third `finops_refresh_quantities(month date, domain integer)`, which groups by sorting and
 * compares each summary in one full join: created by the migration that made the upkeep
 * cheaper, and again by the down of the migration that writes a restated month's summaries
 * without upserts.
 */
const REFRESH_QUANTITIES_V3 = `
    CREATE OR REPLACE FUNCTION finops_refresh_quantities(month date, domain integer) RETURNS void
    LANGUAGE plpgsql
    -- Bulk statements over a month: hash joins whatever the estimates (a partition loaded a moment
    -- ago has no statistics yet, and a nested loop over its groups would be quadratic), groups
    -- by sorting, in memory for a month of a few million facts.
    SET enable_nestloop = off
    SET enable_hashagg = off
    SET work_mem = '256MB'
    AS $$
    BEGIN
${FIRST_SUMMARY}      -- Each summary beside what it holds, in one full join: a group with no quantity is gone
      -- (deleted by its ctid), one with no old row is new, one whose quantity differs changed.
      WITH ${GROUPS}, daily_diff AS MATERIALIZED (
        SELECT coalesce(d.day, o.day) AS day, coalesce(d.product_id, o.product_id) AS product_id,
               coalesce(d.application_id, o.application_id) AS application_id,
               coalesce(d.account_id, o.account_id) AS account_id, d.quantity, o.ctid AS gone
          FROM d FULL JOIN (SELECT ctid, * FROM agg_quantity_daily WHERE ${DAYS_OF_MONTH}) o
            ON o.day = d.day AND o.product_id = d.product_id
           AND o.application_id = d.application_id AND o.account_id = d.account_id
         WHERE d.quantity IS NULL OR o.quantity IS NULL OR o.quantity <> d.quantity
            OR scale(o.quantity) <> scale(d.quantity)
      ), daily_gone AS (
        DELETE FROM agg_quantity_daily
         WHERE ctid = ANY (ARRAY(SELECT gone FROM daily_diff WHERE quantity IS NULL))
      ), daily AS (
        INSERT INTO agg_quantity_daily
          (day, period_month, domain_id, product_id, application_id, account_id, quantity)
        SELECT day, month, domain, product_id, application_id, account_id, quantity
          FROM daily_diff WHERE quantity IS NOT NULL
        ON CONFLICT ON CONSTRAINT agg_quantity_daily_pk DO UPDATE SET quantity = excluded.quantity
      ), monthly_diff AS MATERIALIZED (
        SELECT coalesce(m.product_id, o.product_id) AS product_id,
               coalesce(m.application_id, o.application_id) AS application_id,
               coalesce(m.account_id, o.account_id) AS account_id, m.quantity, m.row_count,
               o.ctid AS gone
          FROM m FULL JOIN (SELECT ctid, * FROM agg_quantity_monthly
                             WHERE period_month = month AND domain_id = domain) o
            ON o.product_id = m.product_id AND o.application_id = m.application_id
           AND o.account_id = m.account_id
         WHERE m.quantity IS NULL OR o.quantity IS NULL OR o.quantity <> m.quantity
            OR scale(o.quantity) <> scale(m.quantity) OR o.row_count <> m.row_count
      ), monthly_gone AS (
        DELETE FROM agg_quantity_monthly
         WHERE ctid = ANY (ARRAY(SELECT gone FROM monthly_diff WHERE quantity IS NULL))
      ), monthly AS (
        INSERT INTO agg_quantity_monthly
          (period_month, domain_id, product_id, application_id, account_id, quantity, row_count)
        SELECT month, domain, product_id, application_id, account_id, quantity, row_count
          FROM monthly_diff WHERE quantity IS NOT NULL
        ON CONFLICT ON CONSTRAINT agg_quantity_monthly_pk DO UPDATE
           SET quantity = excluded.quantity, row_count = excluded.row_count
      ), estate_diff AS MATERIALIZED (
        SELECT coalesce(e.day, o.day) AS day, coalesce(e.product_id, o.product_id) AS product_id,
               coalesce(e.account_id, o.account_id) AS account_id, e.quantity, o.ctid AS gone
          FROM e FULL JOIN (SELECT ctid, * FROM agg_quantity_estate_daily
                             WHERE period_month = month AND domain_id = domain) o
            ON o.day = e.day AND o.product_id = e.product_id AND o.account_id = e.account_id
         WHERE e.quantity IS NULL OR o.quantity IS NULL OR o.quantity <> e.quantity
            OR scale(o.quantity) <> scale(e.quantity)
      ), estate_gone AS (
        DELETE FROM agg_quantity_estate_daily
         WHERE ctid = ANY (ARRAY(SELECT gone FROM estate_diff WHERE quantity IS NULL))
      )
      INSERT INTO agg_quantity_estate_daily
        (day, period_month, domain_id, product_id, account_id, quantity)
      SELECT day, month, domain, product_id, account_id, quantity
        FROM estate_diff WHERE quantity IS NOT NULL
      ON CONFLICT ON CONSTRAINT agg_quantity_estate_daily_pk DO UPDATE
         SET quantity = excluded.quantity;
    END
    $$`;

module.exports = { DAYS_OF_MONTH, FIRST_SUMMARY, REFRESH_QUANTITIES_V3 };
