/*
 * The physical limit of loading on this machine: the estate's rows COPYed into an unindexed table.
 */
import { Knex } from 'knex';
import { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ScaleSource } from './ScaleEstate';
import { seconds } from './timing';

/** A raw COPY of the same rows into an unindexed table: the physical limit of loading here. */
export async function rawCopy(
  knex: Knex,
  source: ScaleSource,
  months: string[],
): Promise<{ rows: number; seconds: number }> {
  await knex.raw(`CREATE TABLE raw_copy (day date, domain text, product text, app text,
    account text, quantity numeric, billed numeric)`);
  const connection = (await knex.client.acquireConnection()) as PoolClient;
  let rows = 0;
  async function* lines(): AsyncGenerator<string> {
    let chunk = '';
    for (const month of months) {
      for await (const row of source.readMonth({ month })) {
        rows += 1;
        chunk += `${row.day}\t${row.domainKey}\t${row.product.key}\t${
          row.tags.app ?? row.entityRef
        }\t${row.account?.key ?? '\\N'}\t${row.quantity}\t${
          row.billedAmount
        }\n`;
        if (chunk.length > 65536) {
          yield chunk;
          chunk = '';
        }
      }
    }
    yield chunk;
  }
  const started = process.hrtime.bigint();
  try {
    await pipeline(
      Readable.from(lines()),
      connection.query(copyFrom('COPY raw_copy FROM STDIN')),
    );
  } finally {
    await knex.client.releaseConnection(connection);
  }
  const took = seconds(started);
  await knex.raw('DROP TABLE raw_copy');
  return { rows, seconds: took };
}
