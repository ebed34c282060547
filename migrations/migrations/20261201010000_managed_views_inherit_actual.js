// @ts-check

/**
 * The views the batch writes beside `actual` (amortized, list, contracted) become children of
 * `actual`: a product-month they carry no amount for (an indirect share, tax, support, usage that
 * no commitment touched, a provider without contracted prices) is priced at its actual price
 * rather than left out, so a view's total never silently loses a domain.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.raw(`
    UPDATE pricing_view v
       SET parent_id = a.pricing_view_id
      FROM pricing_view a
     WHERE a.view_key = 'actual' AND a.deleted_at IS NULL
       AND v.managed_by = 'ingestion' AND v.kind IN ('amortized', 'list', 'contracted')
       AND v.parent_id IS NULL`);
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.raw(`
    UPDATE pricing_view v
       SET parent_id = NULL
      FROM pricing_view a
     WHERE v.parent_id = a.pricing_view_id AND a.view_key = 'actual'
       AND v.managed_by = 'ingestion' AND v.kind IN ('amortized', 'list', 'contracted')`);
};
