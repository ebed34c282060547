import { writeLoadedPrices } from '../../pricing/operations/writeLoadedPrices';
import type { LoadOutcome, LoadSourceMonthOptions } from './loadSourceMonth';
import { deliveryRefusal } from './deliveryRefusal';
import { replaceResourceTags } from './replaceResourceTags';

/**
 * Replaces one domain of a staged month, in a savepoint of the month's transaction (see
 * `stageSourceMonth`): advisory lock, the guards, resource tags, delete and insert of the facts
 * and their quantity summaries (unless the facts held are already the staged rows), prices,
 * ledger. A refused replacement goes back to the savepoint and leaves
 * the domain's previous data as it was; one that fails throws, and the month's transaction with
 * it. The costs kept with the prices are refreshed by the caller, once for the month.
 */
export async function replaceDomainMonth(
  options: LoadSourceMonthOptions & {
    domainKey: string;
    domainId: number;
    indirect: boolean;
    staged: {
      rows: number;
      billed: string;
      estimated: boolean;
      checksum: string | null;
    };
    rowsRead: number;
    rowsRejected: number;
    resourceTags: Map<number, Record<string, string>>;
    rejectedShare: number;
    requestCount: number;
    /** Called when the domain's facts were written (not kept as they were). */
    onFactsWritten?: () => void;
  },
): Promise<LoadOutcome> {
  const {
    connection,
    runId,
    source,
    month,
    domainKey,
    domainId,
    staged,
    guards,
    actualViewId,
  } = options;
  const monthStart = `${month}-01`;
  const ledger = async (
    status: LoadOutcome['status'],
    rowsLoaded: number,
    detail?: string,
    pricedTotal?: string,
  ) => {
    await connection.query(
      `INSERT INTO ingestion_load (run_id, source_key, domain_key, period_month, status, rows_read,
         rows_loaded, rows_rejected, billed_total, checksum, is_final, detail, requests,
         priced_total, delivery_stamp, finished_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, now())`,
      [
        runId,
        source.key,
        domainKey,
        monthStart,
        status,
        staged.rows + options.rowsRejected,
        rowsLoaded,
        options.rowsRejected,
        staged.billed,
        staged.checksum,
        status === 'succeeded' &&
          staged.rows > 0 &&
          !staged.estimated &&
          !options.openReason,
        [detail, options.openReason].filter(Boolean).join('; ') || null,
        options.requestCount,
        pricedTotal ?? null,
        options.stamp ?? null,
      ],
    );
    return {
      domainKey,
      status,
      rowsRead: staged.rows + options.rowsRejected,
      rowsLoaded,
      rowsRejected: options.rowsRejected,
      detail:
        [detail, options.openReason].filter(Boolean).join('; ') || undefined,
    };
  };

  await connection.query('SAVEPOINT finops_domain');
  await connection.query(
    'SELECT pg_advisory_xact_lock(hashtextextended($1, 0))',
    [`finops:${source.key}:${domainKey}:${month}`],
  );
  const { refusal, hadData } = await deliveryRefusal(connection, {
    source: source.key,
    domainId,
    monthStart,
    actualViewId,
    indirect: options.indirect,
    stagedRows: staged.rows,
    stagedBilled: staged.billed,
    rejectedShare: options.rejectedShare,
    guards,
  });
  if (refusal && !guards.force) {
    await connection.query('ROLLBACK TO SAVEPOINT finops_domain');
    return await ledger(
      'refused',
      0,
      `refused: ${refusal}; previous data kept (trigger with force to replace it)`,
    );
  }

  if (!hadData && staged.rows > 0) {
    options.onNewData?.();
  }
  // INDIRECT: the stored quantity is the coefficient, weight / Σ weights of the month, rounded
  // to 20 places with the last row taking the remainder, so the coefficients sum to exactly 1.
  // DIRECT: the quantity as it came (no window over the month's rows: they are many).
  const stagedRows = options.indirect
    ? `(SELECT w.*, CASE WHEN w.total = 0 THEN 0
                         WHEN w.rn = w.n THEN 1 - (sum(w.c) OVER () - w.c)
                         ELSE w.c END AS loaded
          FROM (SELECT s.*, sum(s.quantity) OVER () AS total, count(*) OVER () AS n,
                       row_number() OVER (ORDER BY s.application_id, s.product_id, s.day, s.quantity) AS rn,
                       CASE WHEN sum(s.quantity) OVER () = 0 THEN 0
                            ELSE round(s.quantity / sum(s.quantity) OVER (), 20) END AS c
                  FROM finops_stage s WHERE s.domain_id = $4) w)`
    : `(SELECT s.*, s.quantity AS loaded FROM finops_stage s WHERE s.domain_id = $4)`;
  const unchanged =
    hadData &&
    staged.rows > 0 &&
    (await factsUnchanged(connection, {
      monthStart,
      source: source.key,
      domainKey,
      domainId,
      staged,
      stagedRows,
    }));
  await replaceResourceTags(connection, {
    monthStart,
    source: source.key,
    domainId,
    tags: options.resourceTags,
  });
  if (!unchanged) {
    options.onFactsWritten?.();
    await connection.query(
      'DELETE FROM fact_consumption WHERE period_month = $1 AND source_key = $2 AND domain_id = $3',
      [monthStart, source.key, domainId],
    );
    await connection.query(
      `INSERT INTO fact_consumption (period_month, day, domain_id, product_id, application_id,
         account_id, resource_id, source_key, quantity, consumption_type, consumption_metric, run_id,
         charge_category, pricing_category, commitment_id, commitment_status, commitment_quantity)
       SELECT $1::date, w.day, w.domain_id, w.product_id, w.application_id, w.account_id,
              w.resource_id, $2, w.loaded, w.consumption_type, w.consumption_metric, $3,
              w.charge_category, w.pricing_category, w.commitment_id, w.commitment_status,
              w.commitment_quantity
         FROM ${stagedRows} w`,
      [monthStart, source.key, runId, domainId],
    );
    // The rows just written lie in block ranges their partition's BRIN has not summarised, and a
    // range without a summary is read by every scan of a domain: the next domain's guards,
    // delete and refresh would each read this domain's rows too (41 ms against 1.5 ms for a
    // domain of 1,000 facts after one of 336,000). Summarised now, they are skipped.
    await connection.query(
      `SELECT brin_summarize_new_values(i.indexrelid)
         FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
         JOIN pg_am am ON am.oid = c.relam AND am.amname = 'brin'
        WHERE i.indrelid = to_regclass($1)`,
      [`fact_consumption_p${monthStart.slice(0, 7).replace('-', '')}`],
    );
    // The summaries the cost queries read, for this month and domain only, in this transaction.
    await connection.query('SELECT finops_refresh_quantities($1, $2)', [
      monthStart,
      domainId,
    ]);
    await connection.query('SELECT finops_refresh_estate_monthly($1, $2)', [
      monthStart,
      domainId,
    ]);
  }

  // The month's prices: the actual view's and the batch's other views', then resolved.
  const pricedTotal = await writeLoadedPrices(connection, {
    source: source.key,
    domainId,
    monthStart,
    indirect: options.indirect,
    billed: staged.billed,
    currency: options.currency,
    actualViewId,
  });
  // The domain holds the staged rows, written now or kept.
  const outcome = await ledger(
    'succeeded',
    staged.rows,
    refusal ? `forced: ${refusal}` : undefined,
    pricedTotal,
  );
  await connection.query('RELEASE SAVEPOINT finops_domain');
  return outcome;
}

/** What a fact says, besides its month, source and domain: all of it but the run that wrote it. */
function factValues(quantity: string): string {
  return `day, product_id, application_id, account_id, resource_id, ${quantity}, scale(${quantity}),
    consumption_type, consumption_metric, charge_category, pricing_category, commitment_id,
    commitment_status, commitment_quantity, scale(commitment_quantity)`;
}

/**
 * Whether the staged rows of a domain-month are the facts it holds: the same rows as many times
 * each, value for value and scale for scale (`0.30` is not `0.3`). Then its facts and their
 * summaries are kept as they are, the run that wrote them included: a delivery given again
 * (a month read each run until it is final) costs a comparison, not a rewrite.
 *
 * The ledger's checksum of the load that wrote the facts rules out most changed deliveries
 * without reading them; an equal checksum is only a hint, the rows are then compared.
 */
async function factsUnchanged(
  connection: LoadSourceMonthOptions['connection'],
  options: {
    monthStart: string;
    source: string;
    domainKey: string;
    domainId: number;
    staged: { rows: number; checksum: string | null };
    stagedRows: string;
  },
): Promise<boolean> {
  const { monthStart, source, domainKey, domainId, staged } = options;
  const { rows: last } = await connection.query(
    `SELECT checksum, rows_loaded::text AS rows FROM ingestion_load
      WHERE source_key = $1 AND period_month = $2 AND domain_key = $3 AND status = 'succeeded'
      ORDER BY load_id DESC LIMIT 1`,
    [source, monthStart, domainKey],
  );
  if (
    last.length === 0 ||
    last[0].checksum !== staged.checksum ||
    last[0].rows !== String(staged.rows)
  ) {
    return false;
  }
  // As many rows, and none staged that the facts do not hold as many times: the same rows.
  const { rows } = await connection.query(
    `SELECT (SELECT count(*) FROM fact_consumption
              WHERE period_month = $1 AND source_key = $2 AND domain_id = $4) = $3
        AND NOT EXISTS (
              SELECT ${factValues('w.loaded')} FROM ${options.stagedRows} w
              EXCEPT ALL
              SELECT ${factValues('quantity')} FROM fact_consumption
               WHERE period_month = $1 AND source_key = $2 AND domain_id = $4) AS unchanged`,
    [monthStart, source, staged.rows, domainId],
  );
  return rows[0].unchanged === true;
}
