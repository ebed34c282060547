/*
 * The SQL of the overview and a group question: every statement they send, timed, and
 * EXPLAIN (ANALYZE, BUFFERS) of the slowest statement of each.
 */
import { Knex } from 'knex';
import { PoolClient } from 'pg';
import { DatabaseCostStore } from '../src/costs/DatabaseCostStore';
import { ScaleOptions } from './ScaleEstate';
import { applicationIdsOf, firstDivision } from './scaleQuestions';
import { seconds } from './timing';

/**
 * Runs the overview and a group-of-100 cost query once each, times every SQL statement they
 * send, and returns EXPLAIN (ANALYZE, BUFFERS) of the slowest statement of each, slowest first.
 */
export async function explainQueries(
  knex: Knex,
  viewId: number,
  months: string[],
  options: ScaleOptions,
) {
  const store = DatabaseCostStore.create({ knex });
  const from = months[months.length - 12] ?? months[0];
  const to = months[months.length - 1];
  const applicationIds = await applicationIdsOf(knex, firstDivision(options));
  const started = new Map<string, bigint>();
  const statements: Array<{
    what: string;
    sql: string;
    bindings: unknown[];
    ms: number;
  }> = [];
  let what = '';
  const pending = new Map<string, { sql: string; bindings: unknown[] }>();
  const onQuery = (query: {
    __knexQueryUid: string;
    sql: string;
    bindings?: unknown[];
  }) => {
    started.set(query.__knexQueryUid, process.hrtime.bigint());
    pending.set(query.__knexQueryUid, {
      sql: query.sql,
      // A copy: the client empties the array once the statement is sent.
      bindings: [...(query.bindings ?? [])],
    });
  };
  const onResponse = (
    _response: unknown,
    query: { __knexQueryUid: string },
  ) => {
    const begun = started.get(query.__knexQueryUid);
    const statement = pending.get(query.__knexQueryUid);
    if (begun !== undefined && statement) {
      statements.push({ what, ...statement, ms: seconds(begun) * 1000 });
    }
  };
  knex.on('query', onQuery).on('query-response', onResponse);
  try {
    what = 'organisation overview, 12 months';
    await store.getOverview({ viewId, from, to });
    what = `group of ${applicationIds.length} components, 12 months by domain`;
    await store.getCosts({
      applicationIds,
      viewId,
      from,
      to,
      granularity: 'month',
      groupBy: 'domain',
    });
  } finally {
    knex.off('query', onQuery).off('query-response', onResponse);
  }
  // The slowest statement of each query, slowest first, as sent: PostgreSQL's $n placeholders,
  // run on a connection of the pool, in a transaction with the settings its query made there
  // (the overview's SET LOCAL), then rolled back.
  const slowestOf = [...new Set(statements.map(statement => statement.what))]
    .map(name =>
      statements
        .filter(statement => statement.what === name)
        .reduce((a, b) => (b.ms > a.ms ? b : a)),
    )
    .sort((a, b) => b.ms - a.ms);
  const plans = [];
  const connection: PoolClient = await knex.client.acquireConnection();
  try {
    for (const statement of slowestOf) {
      await connection.query('BEGIN');
      try {
        for (const setting of statements) {
          if (
            setting.what === statement.what &&
            /^SET LOCAL /.test(setting.sql)
          )
            await connection.query(setting.sql);
        }
        const { rows } = await connection.query(
          `EXPLAIN (ANALYZE, BUFFERS) ${statement.sql}`,
          statement.bindings,
        );
        plans.push({
          ...statement,
          plan: rows.map((row: Record<string, string>) => row['QUERY PLAN']),
        });
      } finally {
        await connection.query('ROLLBACK');
      }
    }
  } finally {
    await knex.client.releaseConnection(connection);
  }
  return {
    statements: statements.map(({ what: w, ms, sql }) => ({
      what: w,
      ms: Math.round(ms * 10) / 10,
      sql: sql.replace(/\s+/g, ' ').slice(0, 120),
    })),
    plans,
  };
}
