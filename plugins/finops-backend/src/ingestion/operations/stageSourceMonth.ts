import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import Decimal from 'decimal.js';
import { from as copyFrom } from 'pg-copy-streams';
import { validateRow } from '../validateRow';
import type { LoadOutcome, LoadSourceMonthOptions } from './loadSourceMonth';
import { refreshMonthCosts } from '../../pricing/operations/resolvedPrices';
import { replaceDomainMonth } from './replaceDomainMonth';
import { ResourceTags, mergeTags } from './replaceResourceTags';

const STAGE_COLUMNS = [
  'domain_id',
  'day',
  'product_id',
  'application_id',
  'account_id',
  'resource_id',
  'quantity',
  'billed',
  'consumption_type',
  'consumption_metric',
  'estimated',
  'list_amount',
  'contracted_amount',
  'amortized_amount',
  'charge_category',
  'pricing_category',
  'commitment_id',
  'commitment_status',
  'commitment_quantity',
  'currency',
];

const COPY_SPECIAL = /[\\\t\n\r]/;
/** NULL in PostgreSQL's COPY text format. */
const NULL = '\\N';

/** A value as a field of PostgreSQL's COPY text format. */
function copyField(
  value: string | number | boolean | undefined | null,
): string {
  if (value === undefined || value === null) {
    return '\\N';
  }
  if (typeof value !== 'string') {
    return String(value);
  }
  if (!COPY_SPECIAL.test(value)) {
    return value;
  }
  return value
    .replace(/\\/g, '\\\\')
    .replace(/\t/g, '\\t')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r');
}

/**
 * The first half of {@link loadSourceMonth}: reads, validates and stages the month on
 * `options.connection`, and returns the second half, which replaces the month's domains from the
 * staged rows on that same connection. Between the two the connection holds the staged month and
 * nothing else: a runner may stage the next month on another connection meanwhile.
 */
export async function stageSourceMonth(
  options: LoadSourceMonthOptions,
): Promise<() => Promise<LoadOutcome[]>> {
  const {
    knex,
    connection,
    runId,
    source,
    month,
    mapper,
    dimensions,
    domains,
    currency,
  } = options;
  const monthStart = `${month}-01`;
  const { rows: stage } = await connection.query(
    `SELECT to_regclass('pg_temp.finops_stage') IS NOT NULL AS exists`,
  );
  if (!stage[0].exists) {
    // The staged month is read four times (checksum, facts, prices, guards): kept in memory, not
    // evicted from the default 8 MB of temporary buffers to disk and read back. Only possible
    // before the session's first temporary table; a session that had one keeps its setting.
    await connection.query(`SET temp_buffers = '256MB'`).catch(() => undefined);
  }
  await connection.query(`
    CREATE TEMP TABLE IF NOT EXISTS finops_stage (
      domain_id integer NOT NULL, day date NOT NULL, product_id integer NOT NULL,
      application_id integer NOT NULL, account_id integer, resource_id bigint,
      quantity numeric NOT NULL, billed numeric NOT NULL, consumption_type text NOT NULL,
      consumption_metric text NOT NULL, estimated boolean NOT NULL,
      list_amount numeric, contracted_amount numeric, amortized_amount numeric,
      charge_category text, pricing_category text, commitment_id integer,
      commitment_status text, commitment_quantity numeric, currency text NOT NULL)`);
  await connection.query('TRUNCATE finops_stage');

  let rowsRead = 0;
  // Counted in the caller's counter, so that a read that fails still has its requests counted.
  const requests = options.requests ?? { count: 0 };
  const countRequest = () => {
    requests.count += 1;
  };
  // INDIRECT: the month's amount is what every row read carries, rejected or not, so that a
  // rejected weight redistributes its share instead of losing it.
  const indirectAmounts = new Map<string, Decimal>();
  const rejectedByDomain = new Map<string | undefined, number>();
  // The tags of each resource loaded, per domain: the month's rows merged, the last one per key.
  const resourceTags: ResourceTags = new Map();
  const rejectedBuffer: Array<Record<string, unknown>> = [];
  const flushRejected = async () => {
    if (rejectedBuffer.length > 0) {
      await knex.batchInsert(
        'ingestion_rejected_row',
        rejectedBuffer.splice(0),
        500,
      );
    }
  };

  // The source's first row is read before the COPY starts: what a source does before its rows
  // (read a catalog, a file, a first page) never keeps a COPY open on the run's connection.
  const reader = source
    .readMonth({ month, countRequest })
    [Symbol.asyncIterator]();
  const first = await reader.next();
  const { known } = dimensions;
  // The source's products are scoped by its key: their versions of the month in one read.
  await dimensions.prefetchProducts(`${source.key}/`, month);

  // The month's product ids by billing currency, then by the key the source gave them.
  const productsByCurrency = new Map<string, Map<string, number>>();

  async function* stageLines(): AsyncGenerator<string> {
    let chunk = '';
    // The source's iterator is read directly (no generator around it): a promise per row less.
    for (let next = first; !next.done; next = await reader.next()) {
      const row = next.value;
      rowsRead += 1;
      // Each lookup is synchronous once its key was seen; only a new key waits for the database.
      const domain = row?.domainKey
        ? known.domain(row.domainKey) ??
          (await dimensions.domain(row.domainKey, domains.get(row.domainKey)))
        : undefined;
      const check = validateRow(row, month, domain?.mode ?? 'DIRECT', currency);
      if (
        domain?.mode === 'INDIRECT' &&
        /^-?\d+(\.\d+)?$/.test(row.billedAmount ?? '')
      ) {
        const amount = indirectAmounts.get(row.domainKey) ?? new Decimal(0);
        indirectAmounts.set(row.domainKey, amount.plus(row.billedAmount!));
      }
      const applicationId = check.ok ? mapper.map(row) : undefined;
      if (!check.ok || applicationId === undefined || !domain) {
        const reason = !check.ok
          ? check.reason
          : `unknown entity: ${row.entityRef} is not a component of the catalog`;
        rejectedByDomain.set(
          row?.domainKey,
          (rejectedByDomain.get(row?.domainKey) ?? 0) + 1,
        );
        rejectedBuffer.push({
          run_id: runId,
          source_key: source.key,
          period_month: monthStart,
          domain_key: row?.domainKey ?? null,
          line: row?.origin ?? `row ${rowsRead}`,
          reason,
          raw: JSON.stringify(row ?? null),
        });
        if (rejectedBuffer.length >= 500) {
          await flushRejected();
        }
        continue;
      }
      const { value } = check;
      const { product } = value;
      // Products are scoped by source, so the actual view reconciles with each source's bill,
      // and by billing currency when it is not the actual view's: one price, one currency.
      // Each is resolved once in the month, then found by the key the source gave it.
      let productIds = productsByCurrency.get(value.currency);
      if (!productIds) {
        productIds = new Map();
        productsByCurrency.set(value.currency, productIds);
      }
      let productId = productIds.get(product.key);
      if (productId === undefined) {
        const familyId =
          known.family(product.familyKey) ??
          (await dimensions.family(product.familyKey, domain.id));
        const productKey = `${source.key}/${product.key}${
          value.currency === currency ? '' : ` [${value.currency}]`
        }`;
        productId =
          known.product(productKey, month) ??
          (await dimensions.product(
            { ...product, key: productKey },
            familyId,
            month,
          ));
        productIds.set(product.key, productId);
      }
      const { account, resource, commitment } = row;
      const accountId = account
        ? known.account(product.provider, account.key) ??
          (await dimensions.account(
            product.provider,
            account.key,
            account.name,
          ))
        : undefined;
      const resourceId = resource
        ? known.resource(product.provider, resource.key) ??
          (await dimensions.resource(
            product.provider,
            resource.key,
            resource.name,
          ))
        : undefined;
      const commitmentId = commitment
        ? known.commitment(product.provider, commitment.id) ??
          (await dimensions.commitment(product.provider, commitment))
        : undefined;
      if (resourceId !== undefined) {
        mergeTags(resourceTags, domain.id, resourceId, row.tags);
      }
      // The fields in STAGE_COLUMNS' order. Ids are integers, and the day, quantity, amounts,
      // categories and currency passed validation's patterns: only free text needs escaping.
      const { amounts } = value;
      chunk += `${domain.id}\t${row.day}\t${productId}\t${applicationId}\t${
        accountId ?? NULL
      }\t${resourceId ?? NULL}\t${value.quantity}\t${value.billed}\t${
        domain.mode
      }\t${copyField(
        row.consumptionMetric ??
          (domain.mode === 'INDIRECT' ? 'WEIGHT' : 'USAGE'),
      )}\t${row.estimated === true}\t${amounts.listAmount ?? NULL}\t${
        amounts.contractedAmount ?? NULL
      }\t${amounts.amortizedAmount ?? NULL}\t${copyField(
        row.chargeCategory,
      )}\t${copyField(row.pricingCategory)}\t${
        commitmentId ?? NULL
      }\t${copyField(commitment?.status)}\t${copyField(
        commitment?.quantity,
      )}\t${value.currency}\n`;
      // One write per 64 KiB, not per row: a socket write per row costs more than the row.
      if (chunk.length >= 65_536) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk.length > 0) {
      yield chunk;
    }
  }

  try {
    await pipeline(
      Readable.from(stageLines()),
      connection.query(
        copyFrom(`COPY finops_stage (${STAGE_COLUMNS.join(', ')}) FROM STDIN`),
      ),
    );
  } finally {
    // A COPY that failed leaves the source's reader where it stopped: close it.
    await reader.return?.(undefined).catch(() => {});
    await flushRejected();
  }

  const rejectedTotal = [...rejectedByDomain.values()].reduce(
    (a, b) => a + b,
    0,
  );
  const { rows: stagedDomains } = await connection.query(
    `SELECT d.domain_key, s.domain_id, d.domain_mode, count(*)::int AS rows,
            coalesce(sum(s.billed), 0)::text AS billed, bool_or(s.estimated) AS estimated,
            -- Order-independent (a sum of row hashes), so no sort of the month's rows; a 64-bit
            -- hash of the row's text, not md5 (a third of this statement's time at 10 M rows).
            sum(hashtextextended(concat_ws('|', s.day, s.product_id, s.application_id,
                s.account_id, s.resource_id, s.quantity, s.billed), 0))::text
              AS checksum
       FROM finops_stage s JOIN dim_domain d USING (domain_id)
      GROUP BY d.domain_key, s.domain_id, d.domain_mode`,
  );
  return async () => {
    const { rows: previousDomains } = await connection.query(
      `SELECT DISTINCT d.domain_key, b.domain_id, d.domain_mode
       FROM actual_price_basis b JOIN dim_domain d USING (domain_id)
      WHERE b.source_key = $1 AND b.period_month = $2`,
      [source.key, monthStart],
    );
    const targets = new Map<
      string,
      { domain_id: number; domain_mode: string }
    >();
    for (const row of [...previousDomains, ...stagedDomains]) {
      targets.set(row.domain_key, row);
    }

    const outcomes: LoadOutcome[] = [];
    // The provider's requests are counted once per source-month, on its first ledger row.
    const takeRequests = () => {
      const taken = requests.count;
      requests.count = 0;
      return taken;
    };
    const rejectedShare = rowsRead === 0 ? 0 : rejectedTotal / rowsRead;
    // The month's domains in one transaction, each in a savepoint of its own, and the month's
    // costs refreshed once after the last: a reader sees the whole month replaced or none of it.
    // A month that fails is recorded as failed by the runner, with its requests: given back here.
    const requestsBefore = requests.count;
    // The month's costs follow from its summaries and resolved prices: when no domain wrote its
    // facts (each delivered again as it is held) and no price changed, they stay as they are.
    const written = { facts: false };
    await connection.query('BEGIN');
    try {
      await keepMonthPrices(connection, monthStart);
      for (const [domainKey, target] of [...targets].sort(([a], [b]) =>
        a.localeCompare(b),
      )) {
        const found = stagedDomains.find(row => row.domain_key === domainKey);
        const indirectAmount = indirectAmounts.get(domainKey)?.toFixed();
        const staged =
          found && indirectAmount
            ? { ...found, billed: indirectAmount }
            : found;
        outcomes.push(
          await replaceDomainMonth({
            ...options,
            domainKey,
            domainId: target.domain_id,
            indirect: target.domain_mode === 'INDIRECT',
            staged: staged ?? {
              rows: 0,
              billed: '0',
              estimated: false,
              checksum: null,
            },
            rowsRead,
            rowsRejected: rejectedByDomain.get(domainKey) ?? 0,
            resourceTags: resourceTags.get(target.domain_id) ?? new Map(),
            rejectedShare,
            requestCount: takeRequests(),
            onFactsWritten: () => {
              written.facts = true;
            },
          }),
        );
      }
      if (
        outcomes.some(outcome => outcome.status === 'succeeded') &&
        (written.facts || !(await monthPricesKept(connection, monthStart)))
      ) {
        await refreshMonthCosts(connection, monthStart);
      }
      await connection.query('COMMIT');
    } catch (error) {
      await connection.query('ROLLBACK').catch(() => {});
      requests.count = requestsBefore;
      throw error;
    }
    const unattributed = rejectedByDomain.get(undefined) ?? 0;
    if (targets.size === 0 || unattributed > 0) {
      // Rows without a domain, or a month without any row: the ledger still says so.
      const detail = [
        targets.size === 0
          ? 'the source returned no loadable rows for this month'
          : `${unattributed} row(s) without a domain rejected`,
        options.openReason,
      ]
        .filter(Boolean)
        .join('; ');
      await knex('ingestion_load').insert({
        run_id: runId,
        source_key: source.key,
        domain_key: null,
        period_month: monthStart,
        status: 'succeeded',
        rows_read: unattributed,
        rows_rejected: unattributed,
        requests: takeRequests(),
        detail,
        delivery_stamp: options.stamp ?? null,
        finished_at: knex.fn.now(),
      });
      outcomes.push({
        status: 'succeeded',
        rowsRead: unattributed,
        rowsLoaded: 0,
        rowsRejected: unattributed,
        detail,
      });
    }
    return outcomes;
  };
}

/** The month's resolved prices as they are, kept in the transaction for {@link monthPricesKept}. */
async function keepMonthPrices(
  connection: LoadSourceMonthOptions['connection'],
  monthStart: string,
): Promise<void> {
  await connection.query(`
    CREATE TEMP TABLE IF NOT EXISTS finops_prices_kept (
      pricing_view_id integer NOT NULL, product_id integer NOT NULL, unit_price text NOT NULL
    ) ON COMMIT DELETE ROWS`);
  await connection.query('TRUNCATE finops_prices_kept');
  await connection.query(
    `INSERT INTO finops_prices_kept
     SELECT pricing_view_id, product_id, unit_price::text FROM price_resolved WHERE period_month = $1`,
    [monthStart],
  );
}

/** Whether the month's resolved prices are those kept: the same, scale included, and no other. */
async function monthPricesKept(
  connection: LoadSourceMonthOptions['connection'],
  monthStart: string,
): Promise<boolean> {
  const { rows } = await connection.query(
    `WITH now AS (
       SELECT pricing_view_id, product_id, unit_price::text FROM price_resolved
        WHERE period_month = $1
     )
     SELECT NOT EXISTS (SELECT * FROM now EXCEPT ALL SELECT * FROM finops_prices_kept)
        AND NOT EXISTS (SELECT * FROM finops_prices_kept EXCEPT ALL SELECT * FROM now) AS kept`,
    [monthStart],
  );
  return rows[0].kept === true;
}
