import Decimal from 'decimal.js';
import { Knex } from 'knex';

/** An application's direct or indirect cost in a month: what is rounded once. */
export function partitionOf(row: {
  app: number;
  month: string;
  mode: string;
}): string {
  return `${row.app}\u0000${row.month}\u0000${row.mode}`;
}

/**
 * The cents of each application's direct and indirect cost in each month of a view, whoever asks
 * (the costs of an entity, the chargeback report): each month of the whole estate is rounded half
 * away from zero once (so the estate adds up to the bill and to the overview) and allocated over
 * its (application, mode) cells by largest remainder. A component therefore has the same cents on
 * its own page, in any group's answer and on its chargeback lines, and a group's total is the sum
 * of its components' (which may differ from its exact sum rounded by a few cents). A change in
 * one application's costs may move a cent of another's. The pricing module keeps these cells
 * (`cost_application_monthly`) with the prices, so an answer reads only its applications' cells.
 * Keyed by {@link partitionOf}; `applicationIds` omitted: every application.
 */
export async function readApplicationCents(
  knex: Knex,
  viewId: number,
  from: string,
  to: string,
  applicationIds?: number[],
): Promise<Map<string, Decimal>> {
  const { rows } = (await knex.raw(
    `SELECT application_id AS app, to_char(period_month, 'YYYY-MM') AS month,
            domain_mode AS mode, cents::text AS cents
       FROM cost_application_monthly
      WHERE pricing_view_id = :viewId AND period_month BETWEEN :from AND :to
        AND (CAST(:apps AS integer[]) IS NULL OR application_id = ANY(CAST(:apps AS integer[])))`,
    { from, to, viewId, apps: applicationIds ?? null },
  )) as {
    rows: Array<{ app: number; month: string; mode: string; cents: string }>;
  };
  return new Map(rows.map(row => [partitionOf(row), new Decimal(row.cents)]));
}
