import {
  allocateCents,
  ComparedItem,
  DomainMode,
  IndirectShare,
  lastDayOf,
  OverviewFilterValues,
  shiftMonth,
  sumDecimals,
  sumOf,
  toCents,
  UnpricedQuantity,
} from '@finops-backstage/plugin-finops-common';
import Decimal from 'decimal.js';
import { Knex } from 'knex';
import {
  ComparedPeriods,
  Comparison,
  CostGroupBy,
  CostQuery,
  CostResult,
  CostStore,
  Overview,
  Period,
} from './CostStore';
import { pricesOfPairs, resolvedPrices } from '../pricing/resolvedPrices';
import {
  OverviewQuery,
  getOverview,
  overviewFilterValues,
} from './getOverview';
import { TtlCache } from './TtlCache';
import { moversOf, termsOf } from './movers';
import {
  CatalogLookups,
  catalogLookups,
  resolveApplications,
} from './resolveApplications';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';

const GROUP_KEYS: Record<CostGroupBy, { key: string; label: string }> = {
  domain: { key: 'd.domain_key', label: 'd.name' },
  family: { key: 'fa.family_key', label: 'fa.name' },
  product: { key: 'p.product_key', label: 'p.name' },
  account: {
    key: "coalesce(ac.account_key, 'none')",
    label: "coalesce(ac.name, 'No account')",
  },
  region: {
    key: "coalesce(p.region, 'global')",
    label: "coalesce(p.region, 'global')",
  },
  component: {
    key: "coalesce(ap.entity_ref, 'unallocated')",
    label: 'ap.name',
  },
};

function monthStart(month: string): string {
  return `${month}-01`;
}

function monthsOf(period: { from: string; to: string }): number {
  const index = (month: string) => {
    const [year, m] = month.split('-').map(Number);
    return year * 12 + m;
  };
  return index(period.to) - index(period.from) + 1;
}

/** A cut on the last day of its month is no cut. */
function cut(period: Period): Period {
  const { from, to, through } = period;
  return through && through < lastDayOf(to)
    ? { from, to, through }
    : { from, to };
}

/** The previous period of the same length, cut on the same day of its last month (or its last day). */
export function previousOf(period: Period): Period {
  const length = monthsOf(period);
  const from = shiftMonth(period.from, -length);
  const to = shiftMonth(period.to, -length);
  if (!period.through) return { from, to };
  const last = lastDayOf(to);
  const day = `${to}-${period.through.slice(8, 10)}`;
  return cut({ from, to, through: day < last ? day : last });
}

/** How many product-months priced on one side only a comparison lists (the largest first). */
const ONE_SIDED_LISTED = 50;

/** A product's quantity and cents in a row of the answer and a month. */
interface AnswerRow {
  month: string;
  mode: DomainMode;
  key: string;
  label: string | null;
  unit: string | null;
  domain_key: string;
  domain_label: string;
  method_key: string | null;
  product_key: string;
  product_name: string;
  product_unit: string;
  quantity: string;
  unit_price: string | null;
}

/** One application's quantity of a product on an account in a month: the unit of rounding. */
interface AtomRow extends AnswerRow {
  app: number;
  domain_id: number;
  product_id: number;
  account_id: number;
}

/** A row of the answer while it is summed: cents (already allocated) and the exact quantity. */
interface Cell {
  key: string;
  label: string | null;
  mode: DomainMode;
  unit: string | null;
  period: string;
  cents: Decimal;
  quantity: Decimal;
}

/** A product-month of a comparison: quantities and unit prices of both sides (null: unpriced). */
interface ComparedRow {
  product_key: string;
  name: string;
  unit: string;
  month1: string;
  month0: string;
  q1: string;
  q0: string;
  p1: string | null;
  p0: string | null;
}

function compareText(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

function cellId(
  row: Pick<Cell, 'key' | 'label' | 'mode' | 'unit'>,
  period: string,
): string {
  return [row.key, row.label ?? '', row.mode, row.unit ?? '', period].join(
    '\u0000',
  );
}

function cellOf(
  cells: Map<string, Cell>,
  row: Pick<Cell, 'key' | 'label' | 'mode' | 'unit'>,
  period: string,
): Cell {
  const id = cellId(row, period);
  let cell = cells.get(id);
  if (!cell) {
    cell = {
      key: row.key,
      label: row.label,
      mode: row.mode,
      unit: row.unit,
      period,
      cents: new Decimal(0),
      quantity: new Decimal(0),
    };
    cells.set(id, cell);
  }
  return cell;
}

/**
 * {@link CostStore} in SQL: every amount is an exact `numeric` sum until it is rounded to cents here,
 * by largest remainder (`allocateCents` of finops-common), so that every answer adds up.
 */
export class DatabaseCostStore implements CostStore {
  private readonly lookups: CatalogLookups = catalogLookups();
  private readonly overviews = new TtlCache<Overview>(5 * 60_000, 100);

  constructor(
    private readonly knex: Knex,
    private readonly catalog?: CatalogService,
  ) {}

  /**
   * The overview is the same for every caller and changes only with the data or the prices: an
   * answer is reused while no load, run or audited change (of prices, views, domains) happened
   * since, for five minutes at most.
   */
  async getOverview(query: OverviewQuery): Promise<Overview> {
    const {
      rows: [stamp],
    } = await this.knex.raw(
      `SELECT (SELECT max(load_id) FROM ingestion_load)::text AS load,
              (SELECT max(audit_id) FROM audit_event)::text AS audit,
              (SELECT max(finished_at) FROM ingestion_run)::text AS run`,
    );
    return this.overviews.get(JSON.stringify([query, stamp]), () =>
      getOverview(this.knex, query),
    );
  }

  overviewFilterValues(): Promise<OverviewFilterValues> {
    return overviewFilterValues(this.knex);
  }

  applicationsOf(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<number[]> {
    if (!this.catalog) {
      throw new Error(
        'DatabaseCostStore needs the catalog to resolve entities',
      );
    }
    return resolveApplications(entityRef, {
      knex: this.knex,
      catalog: this.catalog,
      credentials,
      lookups: this.lookups,
    });
  }

  /**
   * Costs of applications, by group and period, in cents that add up. The cents of each atom
   * (application, month, domain, product, account) are kept with the prices
   * (`cost_atom_monthly`): each month of the estate rounded once, allocated over its
   * application-months ((`readApplicationCents`)) and theirs over their atoms, by largest
   * remainder; every figure of the answer (rows, totals, direct and indirect, indirect shares) is
   * a sum of them, so whole months are summed in SQL per row and product. A month cut after
   * `through` is read atom by atom. Days share out the cents of their monthly row.
   */
  async getCosts(query: CostQuery): Promise<CostResult> {
    const { key, label } = GROUP_KEYS[query.groupBy];
    const unit = query.groupBy === 'product' ? 'p.unit' : 'NULL';
    const bindings = {
      apps: query.applicationIds,
      from: monthStart(query.from),
      to: monthStart(query.to),
      viewId: query.viewId,
      through: query.through ?? null,
    };
    const joins = `JOIN dim_domain d ON d.domain_id = q.domain_id
         JOIN dim_product p ON p.product_id = q.product_id
         JOIN dim_family fa ON fa.family_id = p.family_id
         JOIN dim_application ap ON ap.application_id = q.application_id
         LEFT JOIN dim_account ac ON ac.account_id = q.account_id`;
    const columns = `to_char(q.period_month, 'YYYY-MM') AS month, d.domain_mode AS mode,
              ${key} AS key, ${label} AS label, ${unit} AS unit, d.domain_key,
              coalesce(d.indirect_label, d.name) AS domain_label,
              d.indirect_method_key AS method_key, p.product_key, p.name AS product_name,
              p.unit AS product_unit, q.unit_price::text AS unit_price`;
    const { rows: whole } = (await this.knex.raw(
      `WITH q AS (
         SELECT * FROM cost_atom_monthly
          WHERE pricing_view_id = :viewId AND application_id = ANY(:apps)
            AND period_month BETWEEN :from AND :to
            AND (CAST(:through AS date) IS NULL OR period_month < :to)
       )
       SELECT ${columns}, sum(q.quantity)::text AS quantity, sum(q.cents)::text AS cents
         FROM q
         ${joins}
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12`,
      bindings,
    )) as { rows: Array<AnswerRow & { cents: string }> };
    const rows: AnswerRow[] = whole;
    const cents = whole.map(row => new Decimal(row.cents));
    const quantities = whole.map(row => new Decimal(row.quantity));
    if (query.through) {
      const { rows: atoms } = (await this.knex.raw(
        `WITH q AS (
           SELECT * FROM cost_atom_monthly
            WHERE pricing_view_id = :viewId AND application_id = ANY(:apps)
              AND period_month = :to
         )
         SELECT q.application_id AS app, q.domain_id, q.product_id, q.account_id, ${columns},
                q.quantity::text AS quantity, q.cents::text AS cents
           FROM q
           ${joins}
          ORDER BY q.application_id, q.domain_id, q.product_id, q.account_id`,
        bindings,
      )) as { rows: Array<AtomRow & { cents: string }> };
      const atomCents = atoms.map(atom => new Decimal(atom.cents));
      const atomQuantities = atoms.map(atom => new Decimal(atom.quantity));
      const kept = atoms.map(() => true);
      await this.cutAfter(query, atoms, atomCents, atomQuantities, kept);
      atoms.forEach((atom, index) => {
        if (!kept[index]) return;
        rows.push(atom);
        cents.push(atomCents[index]);
        quantities.push(atomQuantities[index]);
      });
    }

    const monthly = new Map<string, Cell>();
    const total = { DIRECT: new Decimal(0), INDIRECT: new Decimal(0) };
    const unpriced = new Map<string, UnpricedQuantity>();
    const shares = new Map<string, IndirectShare & { exact: Decimal }>();
    rows.forEach((atom, index) => {
      const cell = cellOf(monthly, atom, atom.month);
      cell.cents = cell.cents.plus(cents[index]);
      cell.quantity = cell.quantity.plus(quantities[index]);
      total[atom.mode] = total[atom.mode].plus(cents[index]);
      const productMonth = `${atom.product_key}\u0000${atom.month}`;
      if (atom.unit_price === null) {
        const entry = unpriced.get(productMonth) ?? {
          productKey: atom.product_key,
          name: atom.product_name,
          unit: atom.product_unit,
          month: atom.month,
          quantity: '0',
        };
        entry.quantity = sumDecimals([
          entry.quantity,
          quantities[index].toFixed(),
        ]);
        unpriced.set(productMonth, entry);
      } else if (atom.mode === 'INDIRECT') {
        const shareKey = `${atom.domain_key}\u0000${productMonth}`;
        const share = shares.get(shareKey) ?? {
          domainKey: atom.domain_key,
          label: atom.domain_label,
          methodKey: atom.method_key ?? undefined,
          month: atom.month,
          coefficient: '0',
          amountDistributed: toCents(atom.unit_price),
          cost: '0.00',
          exact: new Decimal(0),
        };
        share.coefficient = sumDecimals([
          share.coefficient,
          quantities[index].toFixed(),
        ]);
        share.exact = share.exact.plus(cents[index]);
        shares.set(shareKey, share);
      }
    });

    let cells = [...monthly.values()];
    if (query.granularity === 'day') {
      cells = await this.sharedOutByDay(query, cells, joins, key, label, unit);
    }
    cells.sort(
      (a, b) =>
        compareText(a.period, b.period) ||
        compareText(a.key, b.key) ||
        compareText(a.mode, b.mode) ||
        compareText(a.label ?? '', b.label ?? ''),
    );
    return {
      total: total.DIRECT.plus(total.INDIRECT).toFixed(2),
      direct: total.DIRECT.toFixed(2),
      indirect: total.INDIRECT.toFixed(2),
      rows: cells.map(cell => ({
        key: cell.key,
        label: cell.label ?? cell.key,
        mode: cell.mode,
        period: cell.period,
        cost: cell.cents.toFixed(2),
        ...(query.groupBy === 'product'
          ? { quantity: cell.quantity.toFixed(), unit: cell.unit ?? undefined }
          : {}),
      })),
      unpriced: [...unpriced.values()].sort(
        (a, b) =>
          compareText(a.productKey, b.productKey) ||
          compareText(a.month, b.month),
      ),
      indirectShares: [...shares.values()]
        .sort(
          (a, b) =>
            compareText(a.domainKey, b.domainKey) ||
            compareText(a.month, b.month),
        )
        .map(({ exact, ...share }) => ({ ...share, cost: exact.toFixed(2) })),
    };
  }

  /**
   * Cuts the `to` month after `through`: each application-month's atom keeps the cents of its days
   * up to it (its cents shared by largest remainder between the days kept and the others, in
   * proportion to their exact costs) and their quantity; an atom with no day kept is dropped.
   * An atom without days (the summaries are refreshed together) is charged on the 1st: kept.
   */
  private async cutAfter(
    query: CostQuery,
    atoms: AtomRow[],
    cents: Decimal[],
    quantities: Decimal[],
    kept: boolean[],
  ): Promise<void> {
    const { rows } = (await this.knex.raw(
      `SELECT application_id AS app, domain_id, product_id, account_id,
              coalesce(sum(quantity) FILTER (WHERE day <= CAST(:through AS date)), 0)::text AS kept,
              count(*) FILTER (WHERE day <= CAST(:through AS date))::int AS days,
              sum(quantity)::text AS quantity
         FROM agg_quantity_daily
        WHERE application_id = ANY(:apps) AND period_month = :to
        GROUP BY 1, 2, 3, 4`,
      {
        apps: query.applicationIds,
        to: monthStart(query.to),
        through: query.through!,
      },
    )) as {
      rows: Array<{
        app: number;
        domain_id: number;
        product_id: number;
        account_id: number;
        kept: string;
        days: number;
        quantity: string;
      }>;
    };
    const idOf = (
      row: Omit<(typeof rows)[number], 'kept' | 'days' | 'quantity'>,
    ) =>
      [row.app, row.domain_id, row.product_id, row.account_id].join('\u0000');
    const daily = new Map(rows.map(row => [idOf(row), row]));
    atoms.forEach((atom, index) => {
      if (atom.month !== query.to) return;
      const days = daily.get(idOf(atom));
      if (!days) return;
      const keptQuantity = new Decimal(days.kept);
      const rest = new Decimal(days.quantity).minus(keptQuantity);
      const price = new Decimal(atom.unit_price ?? 0);
      [cents[index]] = allocateCents(
        [keptQuantity.times(price), rest.times(price)],
        cents[index],
      );
      quantities[index] = keptQuantity;
      kept[index] = days.days > 0 || !cents[index].isZero();
    });
  }

  /** The last day with quantities in the estate in a month, `YYYY-MM-DD`. */
  private async lastLoadedDay(month: string): Promise<string | undefined> {
    const {
      rows: [row],
    } = await this.knex.raw(
      `SELECT to_char(max(day), 'YYYY-MM-DD') AS day
         FROM agg_quantity_estate_daily WHERE period_month = :month`,
      { month: monthStart(month) },
    );
    return row?.day ?? undefined;
  }

  async comparedPeriods(period: Period, now: Date): Promise<ComparedPeriods> {
    const today = now.toISOString().slice(0, 10);
    let current = cut(period);
    if (!period.through && period.to === today.slice(0, 7)) {
      const loaded = await this.lastLoadedDay(period.to);
      current = cut({
        ...period,
        through: loaded && loaded < today ? loaded : today,
      });
    }
    return { current, previous: previousOf(current) };
  }

  /** Shares out the cents of each monthly row over its days, in proportion to their exact costs. */
  private async sharedOutByDay(
    query: CostQuery,
    monthlyCells: Cell[],
    joins: string,
    key: string,
    label: string,
    unit: string,
  ): Promise<Cell[]> {
    const { rows } = (await this.knex.raw(
      `WITH q AS (
         SELECT m.day, m.period_month, m.domain_id, m.product_id, m.application_id,
                m.account_id, m.quantity
           FROM agg_quantity_daily m
          WHERE m.application_id = ANY(:apps) AND m.period_month BETWEEN :from AND :to
            AND (CAST(:through AS date) IS NULL OR m.day <= CAST(:through AS date))
       ),
       ${resolvedPrices()}
       SELECT to_char(q.period_month, 'YYYY-MM') AS month, to_char(q.day, 'YYYY-MM-DD') AS day,
              d.domain_mode AS mode, ${key} AS key, ${label} AS label, ${unit} AS unit,
              sum(q.quantity)::text AS quantity,
              coalesce(sum(q.quantity * pr.unit_price), 0)::text AS cost
         FROM q
         LEFT JOIN prices pr USING (product_id, period_month)
         ${joins}
        GROUP BY 1, 2, 3, 4, 5, 6
        ORDER BY 2, 4, 3`,
      {
        apps: query.applicationIds,
        from: monthStart(query.from),
        to: monthStart(query.to),
        viewId: query.viewId,
        through: query.through ?? null,
      },
    )) as {
      rows: Array<
        Pick<
          AnswerRow,
          'month' | 'mode' | 'key' | 'label' | 'unit' | 'quantity'
        > & {
          day: string;
          cost: string;
        }
      >;
    };
    const daysOf = new Map<string, typeof rows>();
    for (const row of rows) {
      const id = cellId(row, row.month);
      const days = daysOf.get(id);
      if (days) days.push(row);
      else daysOf.set(id, [row]);
    }
    return monthlyCells.flatMap(month => {
      const days = daysOf.get(cellId(month, month.period));
      if (!days) {
        // The summaries are refreshed together; a month without days is charged on its first.
        return [{ ...month, period: `${month.period}-01` }];
      }
      const dayCents = allocateCents(
        days.map(day => day.cost),
        month.cents,
      );
      return days.map((day, i) => ({
        ...month,
        period: day.day,
        cents: dayCents[i],
        quantity: new Decimal(day.quantity),
      }));
    });
  }

  /**
   * A comparison that reconciles: the baseline total is what {@link getCosts} answers for the
   * baseline, the total what it answers for the current side, and the difference splits into a
   * volume effect Σ(q₁−q₀)·p₀ and a price effect Σq₁·(p₁−p₀) over the product-months priced on both
   * sides, plus what is priced on one side only (added: only in the current side; removed: only in
   * the baseline), counted whole and listed. The exact terms are rounded to cents by largest
   * remainder so that difference = volume + price + added − removed, to the cent.
   */
  async compare(
    applicationIds: number[],
    current: { viewId: number } & Period,
    baseline: { viewId: number } & Period,
  ): Promise<Comparison> {
    const totalOf = async (side: typeof current) =>
      (
        await this.getCosts({
          applicationIds,
          ...side,
          granularity: 'month',
          groupBy: 'domain',
        })
      ).total;
    const [total, baselineTotal] = [
      await totalOf(current),
      await totalOf(baseline),
    ];
    const { rows } = (await this.knex.raw(
      `WITH shift AS (SELECT ((extract(year FROM CAST(:from1 AS date)) - extract(year FROM CAST(:from0 AS date))) * 12
                              + extract(month FROM CAST(:from1 AS date)) - extract(month FROM CAST(:from0 AS date)))::int AS months),
            -- A side cut after its 'through' takes its last month from the days up to it.
            q1 AS (SELECT product_id, period_month, sum(quantity) AS q FROM agg_quantity_monthly
                    WHERE application_id = ANY(:apps) AND period_month BETWEEN :from1 AND :to1
                      AND (CAST(:through1 AS date) IS NULL OR period_month < :to1) GROUP BY 1, 2
                   UNION ALL
                   SELECT product_id, period_month, sum(quantity) FROM agg_quantity_daily
                    WHERE application_id = ANY(:apps) AND period_month = :to1
                      AND day <= CAST(:through1 AS date) GROUP BY 1, 2),
            q0 AS (SELECT product_id, (period_month + make_interval(months => (SELECT months FROM shift)))::date AS period_month,
                          sum(q) AS q
                     FROM (SELECT product_id, period_month, quantity AS q FROM agg_quantity_monthly
                            WHERE application_id = ANY(:apps) AND period_month BETWEEN :from0 AND :to0
                              AND (CAST(:through0 AS date) IS NULL OR period_month < :to0)
                           UNION ALL
                           SELECT product_id, period_month, quantity FROM agg_quantity_daily
                            WHERE application_id = ANY(:apps) AND period_month = :to0
                              AND day <= CAST(:through0 AS date)) sides
                    GROUP BY 1, 2),
            aligned AS (
              SELECT product_id, period_month, coalesce(q1.q, 0) AS q1, coalesce(q0.q, 0) AS q0
                FROM q1 FULL JOIN q0 USING (product_id, period_month)
            ),
            -- Either side may hold a product-month without quantities, priced by the view's rules.
            pairs1 AS (SELECT product_id, period_month FROM aligned),
            pairs0 AS (SELECT product_id, (period_month - make_interval(months => (SELECT months FROM shift)))::date AS period_month
                         FROM aligned),
            ${pricesOfPairs('prices', ':view1', 'pairs1')},
            ${pricesOfPairs('prices0', ':view0', 'pairs0')}
       SELECT p.product_key, p.name, p.unit, to_char(a.period_month, 'YYYY-MM') AS month1,
              to_char(a.period_month - make_interval(months => (SELECT months FROM shift)), 'YYYY-MM') AS month0,
              a.q1::text AS q1, a.q0::text AS q0, p1.unit_price::text AS p1, p0.unit_price::text AS p0
         FROM aligned a
         JOIN dim_product p ON p.product_id = a.product_id
         LEFT JOIN prices p1 ON p1.product_id = a.product_id AND p1.period_month = a.period_month
         LEFT JOIN prices0 p0 ON p0.product_id = a.product_id
          AND p0.period_month = (a.period_month - make_interval(months => (SELECT months FROM shift)))::date
        ORDER BY p.product_key, a.period_month`,
      {
        apps: applicationIds,
        from1: monthStart(current.from),
        to1: monthStart(current.to),
        from0: monthStart(baseline.from),
        to0: monthStart(baseline.to),
        view1: current.viewId,
        view0: baseline.viewId,
        through1: current.through ?? null,
        through0: baseline.through ?? null,
      },
    )) as { rows: ComparedRow[] };

    let volume = new Decimal(0);
    let price = new Decimal(0);
    const added: Array<{ row: ComparedRow; exact: Decimal }> = [];
    const removed: Array<{ row: ComparedRow; exact: Decimal }> = [];
    const productMonths = rows.map(row => ({
      productKey: row.product_key,
      name: row.name,
      unit: row.unit,
      q1: new Decimal(row.q1),
      q0: new Decimal(row.q0),
      p1: row.p1,
      p0: row.p0,
    }));
    productMonths.forEach((productMonth, i) => {
      const terms = termsOf(productMonth);
      volume = volume.plus(terms.volume);
      price = price.plus(terms.price);
      // Listed whole when priced on one side only and held there (even at a price of 0).
      const { p1, p0, q1, q0 } = productMonth;
      if (p1 !== null && p0 === null && !q1.isZero()) {
        added.push({ row: rows[i], exact: terms.added });
      } else if (p0 !== null && p1 === null && !q0.isZero()) {
        removed.push({ row: rows[i], exact: terms.removed });
      }
    });
    const exactTerms = [
      volume,
      price,
      sumOf(added.map(item => item.exact)),
      sumOf(removed.map(item => item.exact)).negated(),
    ];
    const difference = new Decimal(total).minus(baselineTotal);
    // Only terms that are there take cents: what rounding the totals leaves goes to the volume.
    const present = exactTerms.flatMap((term, i) => (term.isZero() ? [] : [i]));
    const allocated = present.length > 0 ? present : [0];
    const termCents = [0, 1, 2, 3].map(() => new Decimal(0));
    allocateCents(
      allocated.map(i => exactTerms[i]),
      difference,
    ).forEach((value, i) => {
      termCents[allocated[i]] = value;
    });
    const [volumeEffect, priceEffect, addedCost, removedCost] = [
      termCents[0],
      termCents[1],
      termCents[2],
      termCents[3].negated(),
    ];

    const listed = (
      items: typeof added,
      target: Decimal,
      side: 'current' | 'baseline',
    ): ComparedItem[] => {
      const itemCents = allocateCents(
        items.map(item => item.exact),
        target,
      );
      return items.map(({ row }, i) => ({
        productKey: row.product_key,
        name: row.name,
        month: side === 'current' ? row.month1 : row.month0,
        side,
        amount: itemCents[i].toFixed(2),
      }));
    };
    const items = [
      ...listed(added, addedCost, 'current'),
      ...listed(removed, removedCost, 'baseline'),
    ].sort(
      (a, b) =>
        new Decimal(b.amount).abs().comparedTo(new Decimal(a.amount).abs()) ||
        compareText(a.productKey, b.productKey) ||
        compareText(a.month, b.month),
    );
    const omitted = items.slice(ONE_SIDED_LISTED);
    const omittedOn = (side: 'current' | 'baseline') =>
      sumOf(
        omitted.filter(item => item.side === side).map(item => item.amount),
      ).toFixed(2);
    return {
      baselineTotal,
      total,
      difference: difference.toFixed(2),
      volumeEffect: volumeEffect.toFixed(2),
      priceEffect: priceEffect.toFixed(2),
      addedCost: addedCost.toFixed(2),
      removedCost: removedCost.toFixed(2),
      oneSided: {
        items: items.slice(0, ONE_SIDED_LISTED),
        omitted: {
          count: omitted.length,
          addedCost: omittedOn('current'),
          removedCost: omittedOn('baseline'),
        },
      },
      movers: moversOf(productMonths, difference),
    };
  }
}
