// @ts-check

/**
 * The atoms of an application-month summed per domain: what a group's answer by domain or by
 * component needs, in a few rows per application-month instead of one per product and account.
 * A product keeps its own row (with its unit price) only where an answer lists it apart: it is
 * unpriced in the view, or its domain is indirect (shared out per product). `priced` is false
 * for unpriced quantities.
 *
 * Kept by statement triggers on `cost_atom_monthly`, in the transaction of whatever writes the
 * atoms: each (view, month) a statement touched is summed again from its atoms
 * (`finops_sum_domain_monthly`). Exact: numeric sums of the atoms' own cents and quantities.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.raw(`
    CREATE TABLE cost_domain_monthly (
      pricing_view_id integer NOT NULL,
      application_id integer NOT NULL,
      period_month date NOT NULL,
      domain_id integer NOT NULL,
      product_id integer,
      unit_price numeric,
      priced boolean NOT NULL,
      quantity numeric NOT NULL,
      cents numeric NOT NULL
    )`);
  await knex.raw(`COMMENT ON TABLE cost_domain_monthly IS
    'The atoms (cost_atom_monthly) summed per (view, application, month, domain); a product apart only when unpriced or of an indirect domain; kept by triggers on the atoms'`);
  // Read by view, applications and months; refreshed by view and month.
  await knex.raw(`CREATE INDEX cost_domain_monthly_application_idx
    ON cost_domain_monthly (pricing_view_id, application_id, period_month)`);
  await knex.raw(`CREATE INDEX cost_domain_monthly_month_idx
    ON cost_domain_monthly (pricing_view_id, period_month)`);
  // One view's month summed again from its atoms.
  await knex.raw(`
    CREATE FUNCTION finops_sum_domain_monthly(view_id integer, month_start date)
    RETURNS void LANGUAGE sql AS $$
      DELETE FROM cost_domain_monthly
       WHERE pricing_view_id = view_id AND period_month = month_start;
      INSERT INTO cost_domain_monthly
      SELECT a.pricing_view_id, a.application_id, a.period_month, a.domain_id,
             CASE WHEN x.apart THEN a.product_id END, CASE WHEN x.apart THEN a.unit_price END,
             a.unit_price IS NOT NULL, sum(a.quantity), sum(a.cents)
        FROM cost_atom_monthly a
        JOIN dim_domain d ON d.domain_id = a.domain_id,
        LATERAL (SELECT a.unit_price IS NULL OR d.domain_mode = 'INDIRECT' AS apart) x
       WHERE a.pricing_view_id = view_id AND a.period_month = month_start
       GROUP BY 1, 2, 3, 4, 5, 6, 7;
    $$`);
  // The (view, month) pairs a statement on the atoms touched, each summed again.
  await knex.raw(`
    CREATE FUNCTION finops_refresh_domain_monthly() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
      touched record;
    BEGIN
      IF TG_OP = 'DELETE' THEN
        FOR touched IN SELECT DISTINCT pricing_view_id, period_month FROM atoms_gone LOOP
          PERFORM finops_sum_domain_monthly(touched.pricing_view_id, touched.period_month);
        END LOOP;
      ELSIF TG_OP = 'INSERT' THEN
        FOR touched IN SELECT DISTINCT pricing_view_id, period_month FROM atoms_new LOOP
          PERFORM finops_sum_domain_monthly(touched.pricing_view_id, touched.period_month);
        END LOOP;
      ELSE
        FOR touched IN SELECT pricing_view_id, period_month FROM atoms_gone
                       UNION SELECT pricing_view_id, period_month FROM atoms_new LOOP
          PERFORM finops_sum_domain_monthly(touched.pricing_view_id, touched.period_month);
        END LOOP;
      END IF;
      RETURN NULL;
    END
    $$`);
  await knex.raw(`CREATE TRIGGER cost_domain_monthly_on_delete
    AFTER DELETE ON cost_atom_monthly REFERENCING OLD TABLE AS atoms_gone
    FOR EACH STATEMENT EXECUTE FUNCTION finops_refresh_domain_monthly()`);
  await knex.raw(`CREATE TRIGGER cost_domain_monthly_on_insert
    AFTER INSERT ON cost_atom_monthly REFERENCING NEW TABLE AS atoms_new
    FOR EACH STATEMENT EXECUTE FUNCTION finops_refresh_domain_monthly()`);
  await knex.raw(`CREATE TRIGGER cost_domain_monthly_on_update
    AFTER UPDATE ON cost_atom_monthly REFERENCING OLD TABLE AS atoms_gone NEW TABLE AS atoms_new
    FOR EACH STATEMENT EXECUTE FUNCTION finops_refresh_domain_monthly()`);
  // The atoms already there.
  await knex.raw(`
    SELECT finops_sum_domain_monthly(pricing_view_id, period_month)
      FROM (SELECT DISTINCT pricing_view_id, period_month FROM cost_atom_monthly) s`);
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const event of ['delete', 'insert', 'update']) {
    await knex.raw(
      `DROP TRIGGER cost_domain_monthly_on_${event} ON cost_atom_monthly`,
    );
  }
  await knex.raw('DROP FUNCTION finops_refresh_domain_monthly()');
  await knex.raw('DROP FUNCTION finops_sum_domain_monthly(integer, date)');
  await knex.raw('DROP TABLE cost_domain_monthly');
};
