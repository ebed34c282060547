import { Knex } from 'knex';

/** Creates the month's partition of the facts if it is not there (`fact_consumption_pYYYYMM`). */
export async function ensurePartition(
  knex: Knex,
  month: string,
): Promise<void> {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
    throw new Error(`Not a month: '${month}'`);
  }
  const name = `fact_consumption_p${month.replace('-', '')}`;
  const next = new Date(`${month}-01T00:00:00Z`);
  next.setUTCMonth(next.getUTCMonth() + 1);
  await knex.raw(
    `CREATE TABLE IF NOT EXISTS ${name} PARTITION OF fact_consumption
       FOR VALUES FROM ('${month}-01') TO ('${next
      .toISOString()
      .slice(0, 10)}')`,
  );
}
