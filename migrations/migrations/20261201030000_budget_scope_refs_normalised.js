// @ts-check

/**
 * Entity scopes of budgets stored before refs were normalised on write (issue 17, 1) are spelled
 * the way the catalog spells refs: kind, namespace and name in lower case, the default namespace
 * where none was given. Such a budget was listed with a status error and never evaluated.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.raw(`
    UPDATE budget
       SET scope_ref = lower(CASE WHEN position('/' IN scope_ref) = 0
                                  THEN replace(scope_ref, ':', ':default/')
                                  ELSE scope_ref END)
     WHERE scope_type = 'entity'
       AND scope_ref <> lower(CASE WHEN position('/' IN scope_ref) = 0
                                   THEN replace(scope_ref, ':', ':default/')
                                   ELSE scope_ref END)`);
};

/** The spelling as typed is not kept: nothing to undo. */
exports.down = async function down() {};
