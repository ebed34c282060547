/**
 * What the mart's answers depend on, as the answer caches read it (the overview's in
 * `DatabaseCostStore.getOverview`, the costs route's): the last load, the last audited change
 * (prices, views, domains) and the last run finished. SQL select expressions, to be read in the
 * statement that starts a request's work: an answer computed after they were read is the answer
 * while they stay the same.
 */
export const DATA_STAMP_COLUMNS = `(SELECT max(load_id) FROM ingestion_load)::text AS stamp_load,
  (SELECT max(audit_id) FROM audit_event)::text AS stamp_audit,
  (SELECT max(finished_at) FROM ingestion_run)::text AS stamp_run`;
