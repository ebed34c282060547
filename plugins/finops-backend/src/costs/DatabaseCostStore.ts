import { Knex } from 'knex';
import {
  Comparison,
  CostGroupBy,
  CostQuery,
  CostResult,
  CostStore,
  Overview,
} from './CostStore';
import { priceCtes } from './priceSql';
import { OverviewQuery, getOverview } from './getOverview';
import { TtlCache } from './TtlCache';
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

/** {@link CostStore} in SQL: every amount is `numeric` until it is rounded to cents for JSON. */
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

  async getCosts(query: CostQuery): Promise<CostResult> {
    const { key, label } = GROUP_KEYS[query.groupBy];
    const daily = query.granularity === 'day';
    const bindings = {
      apps: query.applicationIds,
      from: monthStart(query.from),
      to: monthStart(query.to),
      viewId: query.viewId,
    };
    const source = daily
      ? `SELECT m.day AS period, m.period_month, m.domain_id, m.product_id, m.application_id,
                m.account_id, m.quantity
           FROM agg_quantity_daily m
          WHERE m.application_id = ANY(:apps) AND m.period_month BETWEEN :from AND :to`
      : `SELECT m.period_month AS period, m.period_month, m.domain_id, m.product_id,
                m.application_id, m.account_id, m.quantity
           FROM agg_quantity_monthly m
          WHERE m.application_id = ANY(:apps) AND m.period_month BETWEEN :from AND :to`;
    const { rows } = await this.knex.raw(
      `WITH RECURSIVE q AS (${source}),
            pairs AS (SELECT DISTINCT product_id, period_month FROM q),
            ${priceCtes()},
            priced AS (
              SELECT q.*, pr.unit_price, q.quantity * pr.unit_price AS cost
                FROM q LEFT JOIN prices pr USING (product_id, period_month)
            ),
            grouped AS (
              SELECT ${key} AS key, ${label} AS label, d.domain_mode AS mode,
                     to_char(c.period, ${
                       daily ? "'YYYY-MM-DD'" : "'YYYY-MM'"
                     }) AS period,
                     round(coalesce(sum(c.cost), 0), 2)::text AS cost, sum(c.quantity)::text AS quantity,
                     ${query.groupBy === 'product' ? 'p.unit' : 'NULL'} AS unit
                FROM priced c
                JOIN dim_domain d ON d.domain_id = c.domain_id
                JOIN dim_product p ON p.product_id = c.product_id
                JOIN dim_family fa ON fa.family_id = p.family_id
                JOIN dim_application ap ON ap.application_id = c.application_id
                LEFT JOIN dim_account ac ON ac.account_id = c.account_id
               GROUP BY 1, 2, 3, 4, 7
            ),
            monthly AS (
              SELECT period_month, domain_id, product_id, unit_price, sum(quantity) AS quantity,
                     sum(cost) AS cost
                FROM priced GROUP BY 1, 2, 3, 4
            )
       SELECT
         (SELECT coalesce(json_agg(g ORDER BY g.period, g.key), '[]') FROM grouped g) AS rows,
         (SELECT round(coalesce(sum(m.cost), 0), 2)::text FROM monthly m) AS total,
         (SELECT round(coalesce(sum(m.cost), 0), 2)::text FROM monthly m
            JOIN dim_domain d USING (domain_id) WHERE d.domain_mode = 'DIRECT') AS direct,
         (SELECT round(coalesce(sum(m.cost), 0), 2)::text FROM monthly m
            JOIN dim_domain d USING (domain_id) WHERE d.domain_mode = 'INDIRECT') AS indirect,
         (SELECT coalesce(json_agg(json_build_object(
                   'productKey', p.product_key, 'name', p.name, 'unit', p.unit,
                   'month', to_char(m.period_month, 'YYYY-MM'), 'quantity', m.quantity::text)
                   ORDER BY p.product_key, m.period_month), '[]')
            FROM monthly m JOIN dim_product p USING (product_id) WHERE m.unit_price IS NULL) AS unpriced,
         (SELECT coalesce(json_agg(json_build_object(
                   'domainKey', d.domain_key, 'label', coalesce(d.indirect_label, d.name),
                   'methodKey', d.indirect_method_key, 'month', to_char(m.period_month, 'YYYY-MM'),
                   'coefficient', m.quantity::text, 'amountDistributed', round(m.unit_price, 2)::text,
                   'cost', round(m.cost, 2)::text)
                   ORDER BY d.domain_key, m.period_month), '[]')
            FROM monthly m JOIN dim_domain d USING (domain_id) WHERE d.domain_mode = 'INDIRECT') AS indirect_shares`,
      bindings,
    );
    const [result] = rows;
    return {
      total: result.total,
      direct: result.direct,
      indirect: result.indirect,
      rows: result.rows.map((row: Record<string, string>) => ({
        key: row.key,
        label: row.label ?? row.key,
        mode: row.mode,
        period: row.period,
        cost: row.cost,
        ...(query.groupBy === 'product'
          ? { quantity: row.quantity, unit: row.unit }
          : {}),
      })),
      unpriced: result.unpriced,
      indirectShares: result.indirect_shares,
    };
  }

  async compare(
    applicationIds: number[],
    current: { viewId: number; from: string; to: string },
    baseline: { viewId: number; from: string; to: string },
  ): Promise<Comparison> {
    const { rows } = await this.knex.raw(
      `WITH RECURSIVE shift AS (SELECT ((extract(year FROM CAST(:from1 AS date)) - extract(year FROM CAST(:from0 AS date))) * 12
                              + extract(month FROM CAST(:from1 AS date)) - extract(month FROM CAST(:from0 AS date)))::int AS months),
            q1 AS (SELECT product_id, period_month, sum(quantity) AS q FROM agg_quantity_monthly
                    WHERE application_id = ANY(:apps) AND period_month BETWEEN :from1 AND :to1 GROUP BY 1, 2),
            q0 AS (SELECT product_id, (period_month + make_interval(months => (SELECT months FROM shift)))::date AS period_month,
                          sum(quantity) AS q FROM agg_quantity_monthly
                    WHERE application_id = ANY(:apps) AND period_month BETWEEN :from0 AND :to0 GROUP BY 1, 2),
            aligned AS (
              SELECT product_id, period_month, coalesce(q1.q, 0) AS q1, coalesce(q0.q, 0) AS q0
                FROM q1 FULL JOIN q0 USING (product_id, period_month)
            ),
            pairs AS (SELECT product_id, period_month FROM aligned),
            pairs0 AS (SELECT product_id, (period_month - make_interval(months => (SELECT months FROM shift)))::date AS period_month
                         FROM aligned),
            ${priceCtes('', ':view1')},
            ${priceCtes('0', ':view0', 'pairs0')},
            valued AS (
              SELECT a.q1, a.q0, p1.unit_price AS p1, p0.unit_price AS p0
                FROM aligned a
                JOIN prices p1 ON p1.product_id = a.product_id AND p1.period_month = a.period_month
                JOIN prices0 p0 ON p0.product_id = a.product_id
                 AND p0.period_month = (a.period_month - make_interval(months => (SELECT months FROM shift)))::date
            )
       SELECT round(coalesce(sum(q0 * p0), 0), 2)::text AS baseline_total,
              round(coalesce(sum(q1 * p1), 0), 2)::text AS total,
              round(coalesce(sum(q1 * p1 - q0 * p0), 0), 2)::text AS difference,
              round(coalesce(sum((q1 - q0) * p0), 0), 2)::text AS volume_effect,
              round(coalesce(sum(q1 * (p1 - p0)), 0), 2)::text AS price_effect,
              coalesce(sum((q1 - q0) * p0) + sum(q1 * (p1 - p0)) = sum(q1 * p1 - q0 * p0), true) AS exact
         FROM valued`,
      {
        apps: applicationIds,
        from1: monthStart(current.from),
        to1: monthStart(current.to),
        from0: monthStart(baseline.from),
        to0: monthStart(baseline.to),
        view1: current.viewId,
        view0: baseline.viewId,
      },
    );
    const row = rows[0];
    if (!row.exact) {
      throw new Error(
        'volume and price effects do not add up to the difference',
      );
    }
    return {
      baselineTotal: row.baseline_total,
      total: row.total,
      difference: row.difference,
      volumeEffect: row.volume_effect,
      priceEffect: row.price_effect,
    };
  }
}
