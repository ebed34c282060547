import {
  CommitmentCoverage,
  CommitmentRecommendation,
  CommitmentUtilisation,
  ProviderCommitmentFigure,
} from '@finops-backstage/plugin-finops-common';
import Decimal from 'decimal.js';
import { Knex } from 'knex';
import { resolvedPrices } from '../pricing/resolvedPrices';
import { ensureFamilyViews } from '../pricing/operations/ensureFamilyViews';
import { OPTIONS, confidenceOf, priceOption } from './commitmentOptions';

/** Families whose products reservations and savings plans cover (plus any family a row committed). */
export const ELIGIBLE_FAMILIES = ['compute', 'database'];

/**
 * Effective rates of each option as multipliers of the actual price, per family: the rate
 * views the batch-free demo starts with, editable like any view.
 */
export const DEFAULT_RATE_MULTIPLIERS: Record<
  string,
  Record<string, string>
> = {
  'ri-1y-no-upfront': { compute: '0.70', database: '0.69' },
  'ri-1y-partial-upfront': { compute: '0.66', database: '0.66' },
  'ri-1y-all-upfront': { compute: '0.64', database: '0.65' },
  'ri-3y-no-upfront': { compute: '0.52', database: '0.50' },
  'ri-3y-partial-upfront': { compute: '0.46', database: '0.45' },
  'ri-3y-all-upfront': { compute: '0.43', database: '0.42' },
};

const SYSTEM_ACTOR = 'plugin:finops';
const HOURLY_UNITS = /^(hrs|hours?|h)$/i;

function scope(apps?: number[]) {
  return {
    apps: apps ?? null,
    sql: `(CAST(:apps AS integer[]) IS NULL OR f.application_id = ANY(CAST(:apps AS integer[])))`,
  };
}

/**
 * Reservations and savings plans: coverage and utilisation from the billing rows (FOCUS
 * pricing category and commitment columns), the providers' own figures, and purchase
 * recommendations of our own engine priced through the `ri-*` rate views.
 */
export class DatabaseCommitmentStore {
  private constructor(private readonly knex: Knex) {}

  static create(options: { knex: Knex }): DatabaseCommitmentStore {
    return new DatabaseCommitmentStore(options.knex);
  }

  /** Unit prices of (product, month) pairs in a view; pairs it does not price are absent. */
  async prices(
    viewId: number,
    pairs: Array<{ productId: number; month: string }>,
  ): Promise<Map<string, Decimal>> {
    if (pairs.length === 0) return new Map();
    const { rows } = await this.knex.raw(
      `WITH pairs AS (
         SELECT * FROM unnest(CAST(:products AS integer[]), CAST(:months AS date[]))
           AS t(product_id, period_month)
       ),
       ${resolvedPrices()}
       SELECT product_id, to_char(period_month, 'YYYY-MM') AS month, unit_price::text AS unit_price
         FROM prices JOIN pairs USING (product_id, period_month)`,
      {
        viewId,
        products: pairs.map(pair => pair.productId),
        months: pairs.map(pair => `${pair.month}-01`),
      },
    );
    return new Map(
      rows.map((row: any) => [
        `${row.product_id}|${row.month}`,
        new Decimal(row.unit_price),
      ]),
    );
  }

  /**
   * Coverage per month, eligible family and unit: usage a commitment covered vs usage on demand,
   * each unit on its own (hours with hours, GB with GB: a family meters its products in several).
   * Hour-like units (`Hrs`, `Hours`, `h`) are one unit, `Hours`. Quantities below zero (refunds,
   * corrections, which the batch meters in currency) are not usage and are left out.
   */
  async coverage(query: {
    from: string;
    to: string;
    viewId: number;
    applicationIds?: number[];
    sourceKey?: string;
  }): Promise<CommitmentCoverage[]> {
    const s = scope(query.applicationIds);
    const { rows } = await this.knex.raw(
      `WITH f AS (
         SELECT f.period_month, f.product_id, p.family_id,
                CASE WHEN p.unit ~* :hourly THEN 'Hours' ELSE p.unit END AS unit,
                f.quantity, f.commitment_id, f.commitment_status,
                coalesce(f.pricing_category, 'Standard') AS pricing_category
           FROM fact_consumption f
           JOIN dim_product p ON p.product_id = f.product_id
          WHERE f.period_month BETWEEN :from AND :to
            AND coalesce(f.charge_category, 'Usage') = 'Usage'
            AND f.quantity >= 0
            AND (CAST(:source AS text) IS NULL OR f.source_key = :source)
            AND ${s.sql}
       ),
       eligible AS (
         SELECT family_id FROM dim_family WHERE family_key = ANY(:families)
         UNION SELECT DISTINCT family_id FROM f WHERE commitment_id IS NOT NULL
       ),
       usage AS (
         SELECT f.period_month, f.family_id, f.unit, f.product_id,
                coalesce(sum(f.quantity) FILTER (
                  WHERE f.commitment_id IS NOT NULL AND coalesce(f.commitment_status, 'Used') = 'Used'), 0) AS covered,
                coalesce(sum(f.quantity) FILTER (
                  WHERE f.commitment_id IS NULL AND f.pricing_category = 'Standard'), 0) AS on_demand
           FROM f JOIN eligible USING (family_id)
          GROUP BY 1, 2, 3, 4
       ),
       ${resolvedPrices()}
       SELECT to_char(u.period_month, 'YYYY-MM') AS month, fa.family_key, fa.name AS family_name,
              u.unit, sum(u.covered)::text AS covered, sum(u.on_demand)::text AS on_demand,
              round(coalesce(sum(u.on_demand * pr.unit_price), 0), 2)::text AS on_demand_cost
         FROM usage u
         JOIN dim_family fa ON fa.family_id = u.family_id
         LEFT JOIN prices pr ON pr.product_id = u.product_id AND pr.period_month = u.period_month
        GROUP BY 1, 2, 3, 4
       HAVING sum(u.covered) + sum(u.on_demand) > 0
        ORDER BY 1, 2, 4`,
      {
        from: `${query.from}-01`,
        to: `${query.to}-01`,
        viewId: query.viewId,
        source: query.sourceKey ?? null,
        families: ELIGIBLE_FAMILIES,
        hourly: HOURLY_UNITS.source,
        apps: s.apps,
      },
    );
    return rows.map((row: any) => {
      const covered = new Decimal(row.covered);
      const all = covered.plus(row.on_demand);
      return {
        month: row.month,
        familyKey: row.family_key,
        familyName: row.family_name,
        unit: row.unit,
        coveredQuantity: covered.toFixed(),
        onDemandQuantity: new Decimal(row.on_demand).toFixed(),
        coverage: all.isZero()
          ? undefined
          : covered.dividedBy(all).toDecimalPlaces(4).toFixed(),
        onDemandCost: row.on_demand_cost,
      };
    });
  }

  /**
   * Utilisation per commitment and month: the commitment quantity used and left unused, the
   * commitment's own charges in the view (purchases, recurring fees) and their unused share.
   */
  async utilisation(query: {
    from: string;
    to: string;
    viewId: number;
    sourceKey?: string;
  }): Promise<CommitmentUtilisation[]> {
    const { rows } = await this.knex.raw(
      `WITH f AS (
         SELECT f.period_month, f.product_id, f.quantity, f.commitment_id, f.commitment_status,
                f.commitment_quantity, coalesce(f.charge_category, 'Usage') AS charge_category
           FROM fact_consumption f
          WHERE f.period_month BETWEEN :from AND :to AND f.commitment_id IS NOT NULL
            AND (CAST(:source AS text) IS NULL OR f.source_key = :source)
       ),
       ${resolvedPrices()},
       monthly AS (
         SELECT f.period_month, f.commitment_id,
                coalesce(sum(f.commitment_quantity) FILTER (
                  WHERE f.charge_category = 'Usage' AND f.commitment_status = 'Used'), 0) AS used,
                coalesce(sum(f.commitment_quantity) FILTER (
                  WHERE f.charge_category = 'Usage' AND f.commitment_status = 'Unused'), 0) AS unused,
                coalesce(sum(f.quantity * pr.unit_price) FILTER (
                  WHERE f.charge_category = 'Purchase'), 0) AS cost
           FROM f
           LEFT JOIN prices pr ON pr.product_id = f.product_id AND pr.period_month = f.period_month
          GROUP BY 1, 2
       )
       SELECT to_char(m.period_month, 'YYYY-MM') AS month, c.commitment_key, c.name,
              c.commitment_type, m.used::text AS used, m.unused::text AS unused, m.cost::text AS cost
         FROM monthly m JOIN dim_commitment c ON c.commitment_id = m.commitment_id
        ORDER BY 1, 2`,
      {
        from: `${query.from}-01`,
        to: `${query.to}-01`,
        viewId: query.viewId,
        source: query.sourceKey ?? null,
      },
    );
    return rows.map((row: any) => {
      const used = new Decimal(row.used);
      const unused = new Decimal(row.unused);
      const all = used.plus(unused);
      const cost = new Decimal(row.cost);
      const waste = all.isZero()
        ? new Decimal(0)
        : cost.times(unused).dividedBy(all);
      return {
        month: row.month,
        commitmentKey: row.commitment_key,
        name: row.name ?? undefined,
        type: row.commitment_type ?? undefined,
        usedQuantity: used.toFixed(),
        unusedQuantity: unused.toFixed(),
        utilisation: all.isZero()
          ? undefined
          : used.dividedBy(all).toDecimalPlaces(4).toFixed(),
        commitmentCost: cost
          .toDecimalPlaces(2, Decimal.ROUND_HALF_UP)
          .toFixed(2),
        waste: waste.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2),
      };
    });
  }

  /** The providers' own figures (coverage, utilisation, recommendations) of the months. */
  async providerFigures(query: {
    from: string;
    to: string;
    kinds: Array<ProviderCommitmentFigure['kind']>;
  }): Promise<ProviderCommitmentFigure[]> {
    const rows = await this.knex('commitment_insight as i')
      .whereBetween('i.period_month', [`${query.from}-01`, `${query.to}-01`])
      .whereIn('i.kind', query.kinds)
      .orderBy(['i.period_start', 'i.kind', 'i.insight_id'])
      .limit(1000)
      .select(
        'i.*',
        this.knex.raw(`to_char(i.period_start, 'YYYY-MM-DD') AS start`),
        this.knex.raw(`to_char(i.period_end, 'YYYY-MM-DD') AS end`),
        this.knex.raw(
          `(SELECT coalesce(json_object_agg(name, value::text), '{}') FROM commitment_insight_figure f
             WHERE f.insight_id = i.insight_id) AS figures`,
        ),
      );
    return rows.map(row => ({
      sourceKey: row.source_key,
      kind: row.kind,
      commitmentType: row.commitment_type,
      periodStart: row.start,
      periodEnd: row.end,
      account: row.account ?? undefined,
      service: row.service ?? undefined,
      region: row.region ?? undefined,
      instanceType: row.instance_type ?? undefined,
      term: row.term ?? undefined,
      paymentOption: row.payment_option ?? undefined,
      figures: row.figures,
    }));
  }

  /**
   * Asks the pricing module for the `ri-*` rate views (children of actual, a multiplier per
   * eligible family) once the families exist. A write: the plugin calls it after each ingestion
   * run (the families exist after the first), never a GET. A view that ever existed (even deleted
   * since) is left alone: admins own them once created.
   */
  async ensureRateViews(): Promise<void> {
    await ensureFamilyViews(
      this.knex,
      Object.entries(DEFAULT_RATE_MULTIPLIERS).map(([key, multipliers]) => {
        const [term, ...payment] = key.replace(/^ri-/, '').split('-');
        return {
          key,
          name: `Reserved ${term}, ${payment.join(' ')}`,
          description:
            'Effective commitment rates (upfront amortised) as multipliers of actual prices, per family; used by the reservation recommendations',
          kind: 'contracted',
          multipliers: Object.fromEntries(
            Object.entries(multipliers).filter(([family]) =>
              ELIGIBLE_FAMILIES.includes(family),
            ),
          ),
        };
      }),
      SYSTEM_ACTOR,
    );
  }

  /**
   * Purchase recommendations: over the lookback, the daily on-demand usage of each eligible
   * product, its steady baseline (10th percentile of daily usage, days without usage counting 0),
   * its steadiness, and each option priced through the rate views against the on-demand price of
   * the view in the last month the product was used.
   *
   * The lookback ends at the last day of eligible on-demand usage before `today`: not at the last
   * day of any data, which on the 1st of a month is a monthly charge or an indirect share booked
   * on that day, in a month that holds no usage (and so no price) yet.
   */
  async recommendations(query: {
    viewId: number;
    lookbackDays: number;
    /** Today, `YYYY-MM-DD`, from the backend's clock: usage from today on is not complete. */
    today: string;
    applicationIds?: number[];
    rateViewIds: Map<string, number>;
  }): Promise<{ until?: string; recommendations: CommitmentRecommendation[] }> {
    const s = scope(query.applicationIds);
    const onDemand = `fa.family_key = ANY(:families)
            AND coalesce(f.charge_category, 'Usage') = 'Usage'
            AND f.commitment_id IS NULL
            AND coalesce(f.pricing_category, 'Standard') = 'Standard'
            AND f.quantity > 0
            AND f.day < CAST(:today AS date)
            AND ${s.sql}`;
    const { rows } = await this.knex.raw(
      `WITH last AS (
         SELECT max(f.day) AS day
           FROM fact_consumption f
           JOIN dim_product p ON p.product_id = f.product_id
           JOIN dim_family fa ON fa.family_id = p.family_id
          WHERE f.period_month <= CAST(:today AS date) AND ${onDemand}
       ),
       bounds AS (
         SELECT day AS until, (day - (:days - 1))::date AS since FROM last WHERE day IS NOT NULL
       ),
       daily AS (
         SELECT f.product_id, f.day, sum(f.quantity) AS q
           FROM fact_consumption f
           JOIN dim_product p ON p.product_id = f.product_id
           JOIN dim_family fa ON fa.family_id = p.family_id
           CROSS JOIN bounds b
          WHERE f.period_month >= date_trunc('month', b.since)::date
            AND f.period_month <= b.until
            AND f.day BETWEEN b.since AND b.until
            AND ${onDemand}
          GROUP BY 1, 2
       ),
       grid AS (
         SELECT pr.product_id, d::date AS day
           FROM (SELECT DISTINCT product_id FROM daily) pr
           CROSS JOIN bounds b
           CROSS JOIN generate_series(b.since, b.until, interval '1 day') d
       ),
       filled AS (
         SELECT g.product_id, g.day, coalesce(d.q, 0) AS q
           FROM grid g LEFT JOIN daily d USING (product_id, day)
       )
       SELECT x.product_id, p.product_key, p.name, p.unit, p.provider, p.region,
              p.attributes->>'instanceType' AS instance_type, fa.family_key,
              to_char((SELECT until FROM bounds), 'YYYY-MM-DD') AS until,
              to_char(x.last_used, 'YYYY-MM') AS price_month,
              x.days, x.days_used, x.baseline::text AS baseline, x.mean::text AS mean,
              x.peak::text AS peak, x.sd::text AS sd
         FROM (
           SELECT product_id, count(*)::int AS days, count(*) FILTER (WHERE q > 0)::int AS days_used,
                  max(day) FILTER (WHERE q > 0) AS last_used,
                  percentile_disc(0.1) WITHIN GROUP (ORDER BY q) AS baseline,
                  avg(q) AS mean, max(q) AS peak, stddev_pop(q) AS sd
             FROM filled GROUP BY product_id
         ) x
         JOIN dim_product p ON p.product_id = x.product_id
         JOIN dim_family fa ON fa.family_id = p.family_id
        ORDER BY p.product_key`,
      {
        days: query.lookbackDays,
        today: query.today,
        families: ELIGIBLE_FAMILIES,
        apps: s.apps,
      },
    );
    if (rows.length === 0) {
      return { recommendations: [] };
    }
    const until: string = rows[0].until;
    // Each product at its price in the last month it was used (that month has a price for it).
    const pairs = rows.map((row: any) => ({
      productId: row.product_id,
      month: row.price_month as string,
    }));
    const onDemandRates = await this.prices(query.viewId, pairs);
    const rates = new Map<string, Map<string, Decimal>>();
    for (const option of OPTIONS) {
      const viewId = query.rateViewIds.get(option.rateView);
      rates.set(
        option.rateView,
        viewId === undefined ? new Map() : await this.prices(viewId, pairs),
      );
    }

    const recommendations: CommitmentRecommendation[] = [];
    for (const row of rows) {
      const key = `${row.product_id}|${row.price_month}`;
      const onDemandRate = onDemandRates.get(key);
      const baseline = new Decimal(row.baseline);
      const mean = new Decimal(row.mean);
      if (!onDemandRate || onDemandRate.isZero() || baseline.lte(0)) continue;
      // Hourly products are committed in whole units per hour (instances); others as measured.
      const hourly = HOURLY_UNITS.test(row.unit);
      const commitment = hourly
        ? baseline.dividedBy(24).floor()
        : baseline.dividedBy(24);
      if (commitment.lte(0)) continue;
      const annualUnits = commitment.times(24).times(365);
      const steadiness = Decimal.max(
        0,
        new Decimal(1).minus(
          mean.isZero() ? 1 : new Decimal(row.sd).dividedBy(mean),
        ),
      ).toDecimalPlaces(3);
      const options = OPTIONS.map(option =>
        priceOption({
          ...option,
          annualUnits,
          onDemandRate,
          rate: rates.get(option.rateView)!.get(key),
          confidence: confidenceOf(
            steadiness,
            row.days,
            row.days_used,
            option.term,
          ),
        }),
      ).filter(
        option =>
          option.rate === undefined || new Decimal(option.annualSavings!).gt(0),
      );
      if (options.every(option => option.rate === undefined)) continue;
      const best = options
        .filter(
          option => option.rate !== undefined && option.confidence !== 'low',
        )
        .sort((a, b) =>
          new Decimal(b.annualSavings!).comparedTo(a.annualSavings!),
        )[0];
      recommendations.push({
        productKey: row.product_key,
        productName: row.name,
        familyKey: row.family_key,
        provider: row.provider,
        region: row.region ?? undefined,
        instanceType: row.instance_type ?? undefined,
        unit: row.unit,
        lookbackDays: query.lookbackDays,
        daysWithUsage: row.days_used,
        baselineDaily: baseline.toDecimalPlaces(3).toFixed(),
        meanDaily: mean.toDecimalPlaces(3).toFixed(),
        peakDaily: new Decimal(row.peak).toDecimalPlaces(3).toFixed(),
        steadiness: steadiness.toFixed(),
        commitment: commitment.toDecimalPlaces(3).toFixed(),
        onDemandRate: onDemandRate.toFixed(),
        annualOnDemandCost: annualUnits
          .times(onDemandRate)
          .toDecimalPlaces(2, Decimal.ROUND_HALF_UP)
          .toFixed(2),
        options,
        best: best
          ? { term: best.term, paymentOption: best.paymentOption }
          : undefined,
      });
    }
    recommendations.sort((a, b) => {
      const savings = (r: CommitmentRecommendation) =>
        new Decimal(
          r.options.find(
            o =>
              o.term === r.best?.term &&
              o.paymentOption === r.best?.paymentOption,
          )?.annualSavings ?? 0,
        );
      return (
        savings(b).comparedTo(savings(a)) ||
        a.productKey.localeCompare(b.productKey)
      );
    });
    return { until, recommendations };
  }
}
