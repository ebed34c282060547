import {
  IndirectShare,
  OverviewFilterValues,
  amountOfCents,
  centsOf,
  sumDecimals,
  toCents,
  UnpricedQuantity,
} from '@finops-backstage/plugin-finops-common';
import Decimal from 'decimal.js';
import { Knex } from 'knex';
import {
  ComparedPeriods,
  Comparison,
  CostQuery,
  CostResult,
  CostStore,
  Overview,
  Period,
} from './CostStore';
import {
  OverviewQuery,
  getOverview,
  overviewFilterValues,
} from './operations/getOverview';
import { TtlCache } from './TtlCache';
import {
  AnswerRow,
  AtomRow,
  Cell,
  GROUP_KEYS,
  cellOf,
  compareText,
} from './costCells';
import { allApplicationIds } from './operations/allApplicationIds';
import { compareCosts } from './operations/compareCosts';
import { cutAfter } from './operations/cutAfter';
import { listComponents } from './operations/listComponents';
import { productDomains } from './operations/productDomains';
import { shareOutByDay } from './operations/shareOutByDay';
import { cut, monthStart, previousOf } from './periods';
import {
  CatalogLookups,
  catalogLookups,
  resolveApplications,
  resolveApplicationsWith,
} from './operations/resolveApplications';
import { DATA_STAMP_COLUMNS } from './operations/dataStamp';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';

/**
 * {@link CostStore} in SQL: every amount is an exact `numeric` sum until it is rounded to cents here,
 * by largest remainder (`allocateCents` of finops-common), so that every answer adds up.
 */
export class DatabaseCostStore implements CostStore {
  private readonly lookups: CatalogLookups = catalogLookups();
  private readonly overviews = new TtlCache<Overview>(5 * 60_000, 100);
  private readonly filterValues = new TtlCache<OverviewFilterValues>(
    5 * 60_000,
    2,
  );

  private constructor(
    private readonly knex: Knex,
    private readonly catalog?: CatalogService,
  ) {}

  /** A store on `knex` (a transaction too); without a catalog it cannot resolve entities. */
  static create(options: {
    knex: Knex;
    catalog?: CatalogService;
  }): DatabaseCostStore {
    return new DatabaseCostStore(options.knex, options.catalog);
  }

  /**
   * The overview is the same for every caller and changes only with the data or the prices: an
   * answer is reused while no load, run or audited change (of prices, views, domains) happened
   * since, for five minutes at most.
   */
  async getOverview(query: OverviewQuery): Promise<Overview> {
    const stamp = await this.dataStamp();
    return this.overviews.get(JSON.stringify([query, stamp]), () =>
      getOverview(this.knex, query),
    );
  }

  /** The mart's clouds, accounts and categories change only with a load: kept like the overview. */
  async overviewFilterValues(): Promise<OverviewFilterValues> {
    const stamp = await this.dataStamp();
    return this.filterValues.get(JSON.stringify(stamp), () =>
      overviewFilterValues(this.knex),
    );
  }

  private async dataStamp(): Promise<Record<string, string | null>> {
    const {
      rows: [stamp],
    } = await this.knex.raw(`SELECT ${DATA_STAMP_COLUMNS}`);
    return stamp;
  }

  applicationsOf(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<number[]> {
    return resolveApplications(entityRef, this.resolveDeps(credentials));
  }

  async applicationsWithStamp(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<{ applicationIds: number[]; stamp: Record<string, unknown> }> {
    const { applicationIds, columns } = await resolveApplicationsWith(
      entityRef,
      this.resolveDeps(credentials),
      DATA_STAMP_COLUMNS,
    );
    return { applicationIds, stamp: columns };
  }

  private resolveDeps(credentials: BackstageCredentials) {
    if (!this.catalog) {
      throw new Error(
        'DatabaseCostStore needs the catalog to resolve entities',
      );
    }
    return {
      knex: this.knex,
      catalog: this.catalog,
      credentials,
      lookups: this.lookups,
    };
  }

  allApplicationIds(): Promise<number[]> {
    return allApplicationIds(this.knex);
  }

  listComponents() {
    return listComponents(this.knex);
  }

  productDomains(): Promise<Map<string, string>> {
    return productDomains(this.knex);
  }

  /**
   * Costs of applications, by group and period, in cents that add up. The cents of each atom
   * (application, month, domain, product, account) are kept with the prices
   * (`cost_atom_monthly`): each month of the estate rounded once, allocated over its
   * application-months ((`readApplicationCents`)) and theirs over their atoms, by largest
   * remainder; every figure of the answer (rows, totals, direct and indirect, indirect shares) is
   * a sum of them, so whole months are summed in SQL per row (and per product where the answer
   * needs one; by domain or component, from their sums per domain, `cost_domain_monthly`), then
   * here as whole cents, in integers. A month cut after `through` is read atom by atom. Days share
   * out the cents of their monthly row.
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
              p.unit AS product_unit, q.unit_price::text AS unit_price,
              q.unit_price IS NOT NULL AS priced`;
    // The atoms summed on their ids first (hashing integers, not sorting labels), then per row of
    // the answer. A product and its unit price are kept where the answer needs them: its rows are
    // by product (product, region), the product is unpriced (listed apart), or its domain is
    // indirect (shared out per product). Rows by family sum the atoms per family of their product;
    // rows by domain or component read the atoms already summed so per application-month
    // (cost_domain_monthly).
    const byProduct = query.groupBy === 'product' || query.groupBy === 'region';
    const byFamily = query.groupBy === 'family';
    const perDomain =
      query.groupBy === 'domain' || query.groupBy === 'component';
    const apart = `(unit_price IS NULL OR domain_id = ANY(ARRAY(
                      SELECT domain_id FROM dim_domain WHERE domain_mode = 'INDIRECT')))`;
    const named = `(NOT q.priced OR d.domain_mode = 'INDIRECT')`;
    // Rows by component read cost_domain_monthly as it is, already one row per application, month,
    // domain and product kept apart. Rows by region sum their products again; the other rows are
    // already one per row of the answer (or, rarely, a part of one: the rows of a cell are summed
    // below in any case).
    const merged = query.groupBy === 'region';
    const asKept = query.groupBy === 'component';
    const summed = (column: string) =>
      merged ? `sum(q.${column})` : `q.${column}`;
    const product =
      perDomain || byProduct
        ? 'product_id'
        : `CASE WHEN ${apart} THEN product_id END`;
    const sums = `period_month, domain_id, ${product} AS product_id,
         ${
           perDomain ? 'unit_price' : `CASE WHEN ${apart} THEN unit_price END`
         } AS unit_price,
         ${perDomain ? 'priced' : 'unit_price IS NOT NULL'} AS priced,
         ${
           query.groupBy === 'component' ? 'application_id' : 'NULL::integer'
         } AS application_id,
         ${
           query.groupBy === 'account' ? 'account_id' : 'NULL::integer'
         } AS account_id,
         ${byFamily ? 'kp.family_id' : 'NULL::integer'} AS family_id,
         ${
           asKept
             ? 'quantity, cents'
             : 'sum(quantity) AS quantity, sum(cents) AS cents'
         }
       FROM ${perDomain ? 'cost_domain_monthly' : 'cost_atom_monthly'}
       ${byFamily ? 'JOIN dim_product kp USING (product_id)' : ''}`;
    const { rows: whole } = (await this.knex.raw(
      `WITH view_atoms AS (
         SELECT ${sums}
          WHERE pricing_view_id = :viewId AND application_id = ANY(:apps)
            AND period_month BETWEEN :from AND :to
            AND (CAST(:through AS date) IS NULL OR period_month < :to)
          ${asKept ? '' : 'GROUP BY 1, 2, 3, 4, 5, 6, 7, 8'}
       )
       SELECT to_char(q.period_month, 'YYYY-MM') AS month, d.domain_mode AS mode,
              ${key} AS key, ${label} AS label, ${unit} AS unit,
              CASE WHEN d.domain_mode = 'INDIRECT' THEN d.domain_key END AS domain_key,
              CASE WHEN d.domain_mode = 'INDIRECT'
                   THEN coalesce(d.indirect_label, d.name) END AS domain_label,
              d.indirect_method_key AS method_key,
              CASE WHEN ${named} THEN p.product_key END AS product_key,
              CASE WHEN ${named} THEN p.name END AS product_name,
              CASE WHEN ${named} THEN p.unit END AS product_unit,
              q.unit_price::text AS unit_price, q.priced,
              trim_scale(${summed('quantity')})::text AS quantity,
              ${summed('cents')}::text AS cents
         FROM view_atoms q
         JOIN dim_domain d ON d.domain_id = q.domain_id
         LEFT JOIN dim_product p ON p.product_id = q.product_id
         LEFT JOIN dim_family fa ON fa.family_id = q.family_id
         LEFT JOIN dim_application ap ON ap.application_id = q.application_id
         LEFT JOIN dim_account ac ON ac.account_id = q.account_id
        ${merged ? 'GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13' : ''}`,
      bindings,
    )) as { rows: Array<AnswerRow & { cents: string }> };
    const rows: AnswerRow[] = whole;
    const cents = whole.map(row => centsOf(row.cents));
    if (query.through) {
      const { rows: atoms } = (await this.knex.raw(
        `WITH view_atoms AS (
           SELECT * FROM cost_atom_monthly
            WHERE pricing_view_id = :viewId AND application_id = ANY(:apps)
              AND period_month = :to
         )
         SELECT q.application_id AS app, q.domain_id, q.product_id, q.account_id, ${columns},
                q.quantity::text AS quantity, q.cents::text AS cents
           FROM view_atoms q
           ${joins}
          ORDER BY q.application_id, q.domain_id, q.product_id, q.account_id`,
        bindings,
      )) as { rows: Array<AtomRow & { cents: string }> };
      const atomCents = atoms.map(atom => new Decimal(atom.cents));
      const atomQuantities = atoms.map(atom => new Decimal(atom.quantity));
      const kept = atoms.map(() => true);
      await cutAfter(this.knex, query, atoms, atomCents, atomQuantities, kept);
      atoms.forEach((atom, index) => {
        if (!kept[index]) return;
        rows.push({ ...atom, quantity: atomQuantities[index].toFixed() });
        cents.push(centsOf(atomCents[index].toFixed()));
      });
    }

    // Whole cents summed in integers; quantities only where the answer shows them.
    const withQuantity = query.groupBy === 'product';
    const monthly = new Map<string, Cell>();
    const total = { DIRECT: 0, INDIRECT: 0 };
    // Unpriced quantities and indirect shares by product and month, their quantities summed once.
    const unpriced = new Map<
      string,
      Omit<UnpricedQuantity, 'quantity'> & { quantities: string[] }
    >();
    const shares = new Map<
      string,
      Omit<IndirectShare, 'coefficient' | 'cost'> & {
        quantities: string[];
        cents: number;
      }
    >();
    rows.forEach((atom, index) => {
      const cell = cellOf(monthly, atom, atom.month);
      cell.cents += cents[index];
      if (withQuantity) cell.quantities.push(atom.quantity);
      total[atom.mode] += cents[index];
      if (!atom.priced) {
        const productMonth = `${atom.product_key}\u0000${atom.month}`;
        let entry = unpriced.get(productMonth);
        if (!entry) {
          entry = {
            productKey: atom.product_key,
            name: atom.product_name,
            unit: atom.product_unit,
            month: atom.month,
            quantities: [],
          };
          unpriced.set(productMonth, entry);
        }
        entry.quantities.push(atom.quantity);
      } else if (atom.mode === 'INDIRECT' && atom.unit_price !== null) {
        const shareKey = `${atom.domain_key}\u0000${atom.product_key}\u0000${atom.month}`;
        let share = shares.get(shareKey);
        if (!share) {
          // An indirect domain's key and label are always given.
          share = {
            domainKey: atom.domain_key!,
            label: atom.domain_label!,
            methodKey: atom.method_key ?? undefined,
            month: atom.month,
            amountDistributed: toCents(atom.unit_price),
            quantities: [],
            cents: 0,
          };
          shares.set(shareKey, share);
        }
        share.quantities.push(atom.quantity);
        share.cents += cents[index];
      }
    });

    let cells = [...monthly.values()];
    if (query.granularity === 'day') {
      cells = await shareOutByDay(
        this.knex,
        query,
        cells,
        joins,
        key,
        label,
        unit,
      );
    }
    cells.sort(
      (a, b) =>
        compareText(a.period, b.period) ||
        compareText(a.key, b.key) ||
        compareText(a.mode, b.mode) ||
        compareText(a.label ?? '', b.label ?? ''),
    );
    return {
      total: amountOfCents(total.DIRECT + total.INDIRECT),
      direct: amountOfCents(total.DIRECT),
      indirect: amountOfCents(total.INDIRECT),
      rows: cells.map(cell => ({
        key: cell.key,
        label: cell.label ?? cell.key,
        mode: cell.mode,
        period: cell.period,
        cost: amountOfCents(cell.cents),
        ...(withQuantity
          ? {
              quantity:
                cell.quantities.length === 1
                  ? cell.quantities[0]
                  : sumDecimals(cell.quantities),
              unit: cell.unit ?? undefined,
            }
          : {}),
      })),
      unpriced: [...unpriced.values()]
        .map(({ quantities, ...entry }) => ({
          ...entry,
          quantity: sumDecimals(quantities),
        }))
        .sort(
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
        .map(share => ({
          domainKey: share.domainKey,
          label: share.label,
          methodKey: share.methodKey,
          month: share.month,
          coefficient: sumDecimals(share.quantities),
          amountDistributed: share.amountDistributed,
          cost: amountOfCents(share.cents),
        })),
    };
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

  /**
   * A comparison that reconciles (see {@link compareCosts}): both totals are what
   * {@link DatabaseCostStore.getCosts} answers.
   */
  compare(
    applicationIds: number[],
    current: { viewId: number } & Period,
    baseline: { viewId: number } & Period,
  ): Promise<Comparison> {
    return compareCosts(
      this.knex,
      query => this.getCosts(query),
      applicationIds,
      current,
      baseline,
    );
  }
}
