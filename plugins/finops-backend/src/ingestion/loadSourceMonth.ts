import {
  CostSource,
  CostSourceDomain,
} from '@finops-backstage/plugin-finops-node';
import { Knex } from 'knex';
import { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { ApplicationMapper } from './ApplicationMapper';
import { Dimensions } from './Dimensions';
import { validateRow } from './validateRow';
import { refreshLoadedPrices } from '../pricing/resolvedPrices';
import Decimal from 'decimal.js';

/** Limits that keep a bad source from replacing good data. */
export interface LoadGuards {
  /** Refuse to replace a month when more than this share of its rows is rejected (0.05 = 5 %). */
  rejectThreshold: number;
  /** Refuse to replace a month whose billed total falls by more than this share (0.5 = −50 %). */
  dropThreshold: number;
  /** Replace the month even when a guard refuses. */
  force: boolean;
}

/** What one (source, domain, month) load did. */
export interface LoadOutcome {
  domainKey?: string;
  status: 'succeeded' | 'failed' | 'refused';
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  detail?: string;
}

export interface LoadSourceMonthOptions {
  knex: Knex;
  /** A connection of its own: the staging table is private to it. */
  connection: PoolClient;
  runId: number;
  source: CostSource;
  month: string;
  mapper: ApplicationMapper;
  dimensions: Dimensions;
  domains: Map<string, CostSourceDomain>;
  currency: string;
  actualViewId: number;
  guards: LoadGuards;
  /**
   * Why the month cannot be final yet (e.g. the catalog is empty): the loads are not marked final,
   * so the next run loads the month again, and the reason is their detail.
   */
  openReason?: string;
  /** Requests the source sent to its provider; the first ledger row of the month takes them. */
  requests?: { count: number };
  /** The stamp of the delivery read (see `SourceMonth.stamp`), kept in the ledger. */
  stamp?: string;
  /** Called when a domain's month that held no data is loaded: the summaries grew. */
  onNewData?: () => void;
}

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

/**
 * The pricing views the batch writes beside `actual`, each from an amount the rows may carry:
 * a product-month gets a price in the view only when every row of it carried the amount.
 */
const MANAGED_VIEWS = [
  {
    key: 'amortized',
    kind: 'amortized',
    name: 'Amortized',
    column: 'amortized_amount',
    description:
      'Upfront commitment fees spread over the usage they cover, written by the ingestion batch',
  },
  {
    key: 'list',
    kind: 'list',
    name: 'List prices',
    column: 'list_amount',
    description:
      "The providers' public list prices, written by the ingestion batch",
  },
  {
    key: 'contracted',
    kind: 'contracted',
    name: 'Contracted prices',
    column: 'contracted_amount',
    description:
      'Negotiated prices before commitment discounts, written by the ingestion batch',
  },
] as const;

/**
 * The staged amounts of each product of a domain ($2), with the currency they were billed in;
 * with its staged quantity too when `withQuantity`.
 */
const stagedAmounts = (withQuantity: boolean) => `SELECT product_id,
    ${
      withQuantity ? 'sum(quantity) AS quantity,' : ''
    } sum(billed) AS billed, min(currency) AS currency,
    CASE WHEN count(list_amount) = count(*) THEN sum(list_amount) END AS list_amount,
    CASE WHEN count(contracted_amount) = count(*) THEN sum(contracted_amount) END AS contracted_amount,
    CASE WHEN count(amortized_amount) = count(*) THEN sum(amortized_amount) END AS amortized_amount
  FROM finops_stage WHERE domain_id = $2 GROUP BY product_id`;

const COPY_SPECIAL = /[\\\t\n\r]/;
/** NULL in PostgreSQL's COPY text format. */
const NULL = '\\N';

/** Tags per domain id, then per resource id. */
type ResourceTags = Map<number, Map<number, Record<string, string>>>;

/** Adds a row's tags to its resource's: keys merged over the month, the last row read wins. */
function mergeTags(
  into: ResourceTags,
  domainId: number,
  resourceId: number,
  tags: Record<string, string> | undefined,
) {
  let ofDomain = into.get(domainId);
  if (!ofDomain) {
    ofDomain = new Map();
    into.set(domainId, ofDomain);
  }
  const merged = ofDomain.get(resourceId);
  if (!merged) {
    ofDomain.set(resourceId, { ...tags });
  } else if (tags) {
    Object.assign(merged, tags);
  }
}

/**
 * Replaces the resource tags of a (month, source, domain), inside the transaction that replaces
 * its facts: a few statements of up to 10 000 resources each, never one per resource.
 */
async function replaceResourceTags(
  connection: PoolClient,
  scope: {
    monthStart: string;
    source: string;
    domainId: number;
    tags: Map<number, Record<string, string>>;
  },
) {
  await connection.query(
    'DELETE FROM resource_tag_month WHERE period_month = $1 AND source_key = $2 AND domain_id = $3',
    [scope.monthStart, scope.source, scope.domainId],
  );
  const entries = [...scope.tags];
  for (let start = 0; start < entries.length; start += 10_000) {
    const slice = entries.slice(start, start + 10_000);
    await connection.query(
      `INSERT INTO resource_tag_month (period_month, source_key, domain_id, resource_id, tags)
       SELECT $1::date, $2, $3, t.resource_id, t.tags
         FROM unnest($4::bigint[], $5::jsonb[]) AS t(resource_id, tags)`,
      [
        scope.monthStart,
        scope.source,
        scope.domainId,
        slice.map(([resourceId]) => resourceId),
        slice.map(([, tags]) => JSON.stringify(tags)),
      ],
    );
  }
}

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
 * Loads one month of one source. The rows are validated, mapped and COPied into a private staging
 * table first; then each domain is replaced in one transaction of its own (advisory lock, delete,
 * insert, resource tags, ledger, actual prices). Nothing is deleted before the whole month was
 * read, so a source that fails half-way leaves the previous data as it was.
 */
export async function loadSourceMonth(
  options: LoadSourceMonthOptions,
): Promise<LoadOutcome[]> {
  const replace = await stageSourceMonth(options);
  return replace();
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
      const familyId =
        known.family(product.familyKey) ??
        (await dimensions.family(product.familyKey, domain.id));
      // Products are scoped by source, so the actual view reconciles with each source's bill,
      // and by billing currency when it is not the actual view's: one price, one currency.
      const productKey = `${source.key}/${product.key}${
        value.currency === currency ? '' : ` [${value.currency}]`
      }`;
      const productId =
        known.product(productKey, month) ??
        (await dimensions.product(
          { ...product, key: productKey },
          familyId,
          month,
        ));
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
    for (const [domainKey, target] of [...targets].sort(([a], [b]) =>
      a.localeCompare(b),
    )) {
      const found = stagedDomains.find(row => row.domain_key === domainKey);
      const indirectAmount = indirectAmounts.get(domainKey)?.toFixed();
      const staged =
        found && indirectAmount ? { ...found, billed: indirectAmount } : found;
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
        }),
      );
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

async function replaceDomainMonth(
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

  await connection.query('BEGIN');
  try {
    await connection.query(
      'SELECT pg_advisory_xact_lock(hashtextextended($1, 0))',
      [`finops:${source.key}:${domainKey}:${month}`],
    );
    const { rows: previous } = await connection.query(
      `SELECT coalesce(sum(billed), 0)::text AS billed, count(*)::int AS products
         FROM actual_price_basis
        WHERE source_key = $1 AND domain_id = $2 AND period_month = $3`,
      [source.key, domainId, monthStart],
    );
    const previousBilled = new Decimal(previous[0].billed);
    const hadData = previous[0].products > 0;
    let refusal: string | undefined;
    if (options.rejectedShare > guards.rejectThreshold) {
      refusal = `${(options.rejectedShare * 100).toFixed(
        1,
      )} % of the rows were rejected (limit ${(
        guards.rejectThreshold * 100
      ).toFixed(1)} %)`;
    } else if (staged.rows === 0 && hadData) {
      refusal = 'the source returned no rows for a month that has data';
    } else if (
      hadData &&
      previousBilled.isPositive() &&
      !previousBilled.isZero() &&
      new Decimal(staged.billed).lessThan(
        previousBilled.times(1 - guards.dropThreshold),
      )
    ) {
      refusal = `the billed total would fall from ${previous[0].billed} to ${
        staged.billed
      } (more than ${(guards.dropThreshold * 100).toFixed(0)} %)`;
    }
    if (!refusal && hadData && !options.indirect) {
      refusal = await groupDrop(connection, {
        source: source.key,
        domainId,
        monthStart,
        actualViewId,
        dropThreshold: guards.dropThreshold,
      });
    }
    if (refusal && !guards.force) {
      await connection.query('ROLLBACK');
      return await ledger(
        'refused',
        0,
        `refused: ${refusal}; previous data kept (trigger with force to replace it)`,
      );
    }

    if (!hadData && staged.rows > 0) {
      options.onNewData?.();
    }
    await connection.query(
      'DELETE FROM fact_consumption WHERE period_month = $1 AND source_key = $2 AND domain_id = $3',
      [monthStart, source.key, domainId],
    );
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
    const inserted = await connection.query(
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

    await replaceResourceTags(connection, {
      monthStart,
      source: source.key,
      domainId,
      tags: options.resourceTags,
    });

    // The summaries the cost queries read, for this month and domain only, in this transaction.
    await connection.query('SELECT finops_refresh_quantities($1, $2)', [
      monthStart,
      domainId,
    ]);
    await connection.query('SELECT finops_refresh_estate_monthly($1, $2)', [
      monthStart,
      domainId,
    ]);

    const { rows: affected } = await connection.query(
      `DELETE FROM actual_price_basis WHERE source_key = $1 AND domain_id = $2 AND period_month = $3
       RETURNING product_id`,
      [source.key, domainId, monthStart],
    );
    // The quantity of each product as loaded: for DIRECT the staged quantities themselves (one
    // pass over the staged rows, not a second over the facts just written); for INDIRECT the
    // coefficients the facts hold.
    const basis = options.indirect
      ? `SELECT f.product_id, f.quantity, s.billed, s.currency, s.list_amount, s.contracted_amount,
                s.amortized_amount
           FROM (SELECT product_id, sum(quantity) AS quantity FROM fact_consumption
                  WHERE period_month = $3 AND source_key = $1 AND domain_id = $2
                  GROUP BY product_id) f
           JOIN (${stagedAmounts(false)}) s USING (product_id)`
      : stagedAmounts(true);
    await connection.query(
      `INSERT INTO actual_price_basis (source_key, domain_id, product_id, period_month, quantity,
         billed, currency, list_amount, contracted_amount, amortized_amount)
       SELECT $1, $2, b.product_id, $3::date, b.quantity, b.billed, b.currency, b.list_amount,
              b.contracted_amount, b.amortized_amount
         FROM (${basis}) b`,
      [source.key, domainId, monthStart],
    );
    if (options.indirect) {
      // One distribution product per INDIRECT domain and source: its price is the month's amount.
      await connection.query(
        `UPDATE actual_price_basis SET billed = $4
          WHERE source_key = $1 AND domain_id = $2 AND period_month = $3`,
        [source.key, domainId, monthStart, staged.billed],
      );
    }
    // The actual view: the effective rate of each product-month, over every source that bills it;
    // the batch's other views likewise from the amounts the rows carried.
    const priced = [{ viewId: actualViewId, column: 'billed' }];
    for (const view of MANAGED_VIEWS) {
      const viewId = await managedViewId(connection, view, {
        source: source.key,
        domainId,
        monthStart,
        currency: options.currency,
        actualViewId,
      });
      if (viewId !== undefined) {
        priced.push({ viewId, column: view.column });
      }
    }
    for (const { viewId, column } of priced) {
      await connection.query(
        `WITH products AS (
           SELECT product_id FROM actual_price_basis WHERE source_key = $1 AND domain_id = $2 AND period_month = $3
           UNION SELECT unnest($5::int[])
         ), removed AS (
           DELETE FROM pricing_rule r USING products p
            WHERE r.pricing_view_id = $4 AND r.product_id = p.product_id AND r.valid_from = $3
         )
         INSERT INTO pricing_rule (pricing_view_id, product_id, unit_price, valid_from, valid_to,
                                   currency)
         SELECT $4, b.product_id, sum(b.${column})::numeric(60, 30) / sum(b.quantity), $3::date,
                ($3::date + interval '1 month' - interval '1 day')::date, min(b.currency)
           FROM actual_price_basis b JOIN products p USING (product_id)
          WHERE b.period_month = $3
          GROUP BY b.product_id
         HAVING sum(b.quantity) <> 0 AND count(b.${column}) = count(*)`,
        [
          source.key,
          domainId,
          monthStart,
          viewId,
          affected.map(row => row.product_id),
        ],
      );
    }
    // Resolved prices refreshed here: every view's, for the products of this month and domain.
    await refreshLoadedPrices(
      connection,
      monthStart,
      domainId,
      affected.map(row => row.product_id),
    );
    // The reconciliation: what the actual view now makes of this load, beside what was billed.
    const { rows: reconciled } = await connection.query(
      `SELECT coalesce(sum(b.quantity * r.unit_price), 0)::text AS total
         FROM actual_price_basis b
         JOIN pricing_rule r ON r.pricing_view_id = $4 AND r.product_id = b.product_id
                            AND r.valid_from = $3 AND r.deleted_at IS NULL
        WHERE b.period_month = $3 AND b.source_key = $1 AND b.domain_id = $2`,
      [source.key, domainId, monthStart, actualViewId],
    );
    const outcome = await ledger(
      'succeeded',
      inserted.rowCount ?? 0,
      refusal ? `forced: ${refusal}` : undefined,
      reconciled[0].total,
    );
    await connection.query('COMMIT');
    return outcome;
  } catch (error) {
    await connection.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

/**
 * The id of a view the batch writes beside `actual`: created the first time a source brings its
 * amounts, as a child of `actual` (what it carries no amount for is priced at the actual price);
 * undefined when there is nothing to write, or when users made a view of that key.
 */
async function managedViewId(
  connection: PoolClient,
  view: (typeof MANAGED_VIEWS)[number],
  scope: {
    source: string;
    domainId: number;
    monthStart: string;
    currency: string;
    actualViewId: number;
  },
): Promise<number | undefined> {
  const { rows: existing } = await connection.query(
    `SELECT pricing_view_id, managed_by FROM pricing_view WHERE view_key = $1 AND deleted_at IS NULL`,
    [view.key],
  );
  if (existing.length > 0) {
    return existing[0].managed_by ? existing[0].pricing_view_id : undefined;
  }
  const { rows: needed } = await connection.query(
    `SELECT 1 FROM actual_price_basis
      WHERE source_key = $1 AND domain_id = $2 AND period_month = $3 AND ${view.column} IS NOT NULL
      LIMIT 1`,
    [scope.source, scope.domainId, scope.monthStart],
  );
  if (needed.length === 0) {
    return undefined;
  }
  const { rows: created } = await connection.query(
    `INSERT INTO pricing_view (view_key, name, description, kind, currency, managed_by, parent_id)
     VALUES ($1, $2, $3, $4, $5, 'ingestion', $6) RETURNING pricing_view_id`,
    [
      view.key,
      view.name,
      view.description,
      view.kind,
      scope.currency,
      scope.actualViewId,
    ],
  );
  return created[0].pricing_view_id;
}

/**
 * The drop guard per provider and per billing account: a file can be short at a clean line end, so
 * the month's total may hold while a provider or an account lost its rows. Compares what each had
 * in the month's previous load (its quantities at the actual prices) with what the staged rows
 * bill; the first that would fall by more than the threshold is the refusal.
 */
async function groupDrop(
  connection: PoolClient,
  scope: {
    source: string;
    domainId: number;
    monthStart: string;
    actualViewId: number;
    dropThreshold: number;
  },
): Promise<string | undefined> {
  const { rows } = await connection.query(
    // Each side is first summed per (product, account) — thousands of rows, not the month's
    // hundreds of thousands — then joined to the dimensions and prices: Σ q × p = (Σ q) × p, exactly.
    `WITH before AS (
       SELECT p.provider, a.account_key, grouping(a.account_key) AS whole,
              sum(f.quantity * r.unit_price) AS billed
         FROM (SELECT product_id, account_id, sum(quantity) AS quantity
                 FROM fact_consumption
                WHERE period_month = $3 AND source_key = $1 AND domain_id = $2
                GROUP BY product_id, account_id) f
         JOIN dim_product p ON p.product_id = f.product_id
         LEFT JOIN dim_account a ON a.account_id = f.account_id
         JOIN pricing_rule r ON r.pricing_view_id = $4 AND r.product_id = f.product_id
                            AND r.valid_from = $3 AND r.deleted_at IS NULL
        GROUP BY GROUPING SETS ((p.provider), (p.provider, a.account_key))
     ), after AS (
       SELECT p.provider, a.account_key, grouping(a.account_key) AS whole,
              sum(s.billed) AS billed
         FROM (SELECT product_id, account_id, sum(billed) AS billed
                 FROM finops_stage WHERE domain_id = $2
                GROUP BY product_id, account_id) s
         JOIN dim_product p ON p.product_id = s.product_id
         LEFT JOIN dim_account a ON a.account_id = s.account_id
        GROUP BY GROUPING SETS ((p.provider), (p.provider, a.account_key))
     )
     SELECT b.provider, b.account_key, b.whole, round(b.billed, 2)::text AS before,
            round(coalesce(n.billed, 0), 2)::text AS after
       FROM before b
       LEFT JOIN after n ON n.provider = b.provider AND n.whole = b.whole
                        AND n.account_key IS NOT DISTINCT FROM b.account_key
      WHERE b.billed > 0 AND coalesce(n.billed, 0) < b.billed * (1 - $5::numeric)
      ORDER BY b.whole DESC, b.provider, b.account_key
      LIMIT 1`,
    [
      scope.source,
      scope.domainId,
      scope.monthStart,
      scope.actualViewId,
      scope.dropThreshold,
    ],
  );
  if (rows.length === 0) {
    return undefined;
  }
  const [drop] = rows;
  const who =
    drop.whole === 1
      ? `provider ${drop.provider}`
      : `account ${drop.account_key ?? '(none)'} of ${drop.provider}`;
  return `${who} would fall from ${drop.before} to ${drop.after} (more than ${(
    scope.dropThreshold * 100
  ).toFixed(0)} %)`;
}
