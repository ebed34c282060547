import { CommitmentRecommendation } from '@finops-backstage/plugin-finops-common';
import Decimal from 'decimal.js';
import { Knex } from 'knex';
import { OPTIONS, confidenceOf, priceOption } from '../commitmentOptions';
import { RecommendationsQuery } from '../CommitmentStore';
import { HOURLY_UNITS } from './eligibleUsage';
import { readUnitPrices } from './readUnitPrices';
import { readUsageBaselines } from './readUsageBaselines';

/**
 * Purchase recommendations: each eligible product's steady baseline, its steadiness, and each
 * option priced through the rate views against the on-demand price of the view in the last
 * month the product was used (see `CommitmentStore.recommendations`).
 */
export async function readRecommendations(
  knex: Knex,
  query: RecommendationsQuery,
): Promise<{ until?: string; recommendations: CommitmentRecommendation[] }> {
  const rows = await readUsageBaselines(knex, query);
  if (rows.length === 0) {
    return { recommendations: [] };
  }
  const until: string = rows[0].until;
  // Each product at its price in the last month it was used (that month has a price for it).
  const pairs = rows.map(row => ({
    productId: row.product_id,
    month: row.price_month as string,
  }));
  const onDemandRates = await readUnitPrices(knex, query.viewId, pairs);
  const rates = new Map<string, Map<string, Decimal>>();
  for (const option of OPTIONS) {
    const viewId = query.rateViewIds.get(option.rateView);
    rates.set(
      option.rateView,
      viewId === undefined
        ? new Map()
        : await readUnitPrices(knex, viewId, pairs),
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
