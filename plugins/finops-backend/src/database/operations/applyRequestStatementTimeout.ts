import { Knex } from 'knex';
import { currentRequestLimits } from '../requestStatementTimeout';

const installed = new WeakSet<object>();

/**
 * Gives the queries made while handling a request (inside {@link runWithRequestLimits}) the
 * request's statement_timeout, and every other query (the ingestion batch, alerts, start-up)
 * the database's default, on the one shared pool: a connection is set when it is taken from the
 * pool and its setting differs, before any transaction begins on it.
 */
export function applyRequestStatementTimeout(knex: Knex): void {
  const client = knex.client as {
    acquireConnection(): Promise<PgConnection>;
    releaseConnection(connection: PgConnection): Promise<void>;
  };
  if (installed.has(client)) return;
  installed.add(client);
  const acquire = client.acquireConnection.bind(client);
  const settings = new WeakMap<PgConnection, number>();
  client.acquireConnection = async () => {
    const connection = await acquire();
    const wanted = currentRequestLimits()?.statementTimeoutMs ?? 0;
    if ((settings.get(connection) ?? 0) !== wanted) {
      try {
        await connection.query(
          wanted === 0
            ? 'SET statement_timeout TO DEFAULT'
            : `SET statement_timeout TO ${Math.trunc(wanted)}`,
        );
        settings.set(connection, wanted);
      } catch (error) {
        await client.releaseConnection(connection);
        throw error;
      }
    }
    return connection;
  };
}

interface PgConnection {
  query(sql: string): Promise<unknown>;
}
