// @ts-check
// SQL run by more than one migration, as it landed: never edit it (a change is a new migration).
// Not a migration itself: knex reads only the files of ../migrations.
const { GROUPS } = require('./refreshQuantitiesV2');
const { DAYS_OF_MONTH, FIRST_SUMMARY } = require('./refreshQuantitiesV3');

/**
 * The fourth `finops_refresh_quantities(month date, domain integer)`, which writes what changed
 * to a temporary table, deletes the old rows by their ctid and inserts the new ones: created by
 * the migration that writes a restated month's summaries without upserts, and again by the down
 * of the migration that keeps a month's days in one row per group.
 */
const REFRESH_QUANTITIES_V4 = `
    CREATE OR REPLACE FUNCTION finops_refresh_quantities(month date, domain integer) RETURNS void
    LANGUAGE plpgsql
    -- Bulk statements over a month: hash joins whatever the estimates (a partition loaded a moment
    -- ago has no statistics yet, and a nested loop over its groups would be quadratic), groups
    -- by sorting, in memory for a month of a few million facts. No notice for the table that
    -- already exists.
    SET enable_nestloop = off
    SET enable_hashagg = off
    SET work_mem = '256MB'
    SET client_min_messages = warning
    AS $$
    BEGIN
${FIRST_SUMMARY}      -- What changed, per summary (d, m or e): a group with no quantity is gone, one with no old
      -- row (gone is null) is new, one with both changed. Emptied at the end of the transaction.
      CREATE TEMP TABLE IF NOT EXISTS finops_quantity_change (
        summary "char" NOT NULL, day date, product_id integer NOT NULL, application_id integer,
        account_id integer NOT NULL, quantity numeric, row_count bigint, gone tid
      ) ON COMMIT DELETE ROWS;
      TRUNCATE finops_quantity_change;
      WITH ${GROUPS}
      INSERT INTO finops_quantity_change
      SELECT 'd', coalesce(d.day, o.day), coalesce(d.product_id, o.product_id),
             coalesce(d.application_id, o.application_id), coalesce(d.account_id, o.account_id),
             d.quantity, NULL, o.ctid
        FROM d FULL JOIN (SELECT ctid, * FROM agg_quantity_daily WHERE ${DAYS_OF_MONTH}) o
          ON o.day = d.day AND o.product_id = d.product_id
         AND o.application_id = d.application_id AND o.account_id = d.account_id
       WHERE d.quantity IS NULL OR o.quantity IS NULL OR o.quantity <> d.quantity
          OR scale(o.quantity) <> scale(d.quantity)
      UNION ALL
      SELECT 'm', NULL, coalesce(m.product_id, o.product_id),
             coalesce(m.application_id, o.application_id), coalesce(m.account_id, o.account_id),
             m.quantity, m.row_count, o.ctid
        FROM m FULL JOIN (SELECT ctid, * FROM agg_quantity_monthly
                           WHERE period_month = month AND domain_id = domain) o
          ON o.product_id = m.product_id AND o.application_id = m.application_id
         AND o.account_id = m.account_id
       WHERE m.quantity IS NULL OR o.quantity IS NULL OR o.quantity <> m.quantity
          OR scale(o.quantity) <> scale(m.quantity) OR o.row_count <> m.row_count
      UNION ALL
      SELECT 'e', coalesce(e.day, o.day), coalesce(e.product_id, o.product_id), NULL,
             coalesce(e.account_id, o.account_id), e.quantity, NULL, o.ctid
        FROM e FULL JOIN (SELECT ctid, * FROM agg_quantity_estate_daily
                           WHERE period_month = month AND domain_id = domain) o
          ON o.day = e.day AND o.product_id = e.product_id AND o.account_id = e.account_id
       WHERE e.quantity IS NULL OR o.quantity IS NULL OR o.quantity <> e.quantity
          OR scale(o.quantity) <> scale(e.quantity);
      -- The old rows of the groups gone or changed, then the groups new or changed, in the order
      -- of each primary key (the join leaves them in no order: 1.9 s for a month's daily rows
      -- inserted as they come, 1.5 s sorted).
      DELETE FROM agg_quantity_daily WHERE ctid = ANY (ARRAY(
        SELECT gone FROM finops_quantity_change WHERE summary = 'd' AND gone IS NOT NULL));
      DELETE FROM agg_quantity_monthly WHERE ctid = ANY (ARRAY(
        SELECT gone FROM finops_quantity_change WHERE summary = 'm' AND gone IS NOT NULL));
      DELETE FROM agg_quantity_estate_daily WHERE ctid = ANY (ARRAY(
        SELECT gone FROM finops_quantity_change WHERE summary = 'e' AND gone IS NOT NULL));
      INSERT INTO agg_quantity_daily
        (day, period_month, domain_id, product_id, application_id, account_id, quantity)
      SELECT day, month, domain, product_id, application_id, account_id, quantity
        FROM finops_quantity_change WHERE summary = 'd' AND quantity IS NOT NULL
       ORDER BY day, product_id, application_id, account_id;
      INSERT INTO agg_quantity_monthly
        (period_month, domain_id, product_id, application_id, account_id, quantity, row_count)
      SELECT month, domain, product_id, application_id, account_id, quantity, row_count
        FROM finops_quantity_change WHERE summary = 'm' AND quantity IS NOT NULL
       ORDER BY product_id, application_id, account_id;
      INSERT INTO agg_quantity_estate_daily
        (day, period_month, domain_id, product_id, account_id, quantity)
      SELECT day, month, domain, product_id, account_id, quantity
        FROM finops_quantity_change WHERE summary = 'e' AND quantity IS NOT NULL
       ORDER BY day, product_id, account_id;
    END
    $$`;

module.exports = { REFRESH_QUANTITIES_V4 };
