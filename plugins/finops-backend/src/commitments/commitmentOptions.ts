import {
  COMMITMENT_PAYMENT_OPTIONS,
  COMMITMENT_TERMS,
  CommitmentOption,
  CommitmentPaymentOption,
  CommitmentTerm,
  commitmentRateViewKey,
} from '@finops-backstage/plugin-finops-common';
import Decimal from 'decimal.js';

/** Share of a term's cost paid upfront, per payment option. */
export const UPFRONT_SHARE: Record<CommitmentPaymentOption, Decimal> = {
  no_upfront: new Decimal(0),
  partial_upfront: new Decimal('0.5'),
  all_upfront: new Decimal(1),
};

export const TERM_YEARS: Record<CommitmentTerm, number> = { '1y': 1, '3y': 3 };

/** Every (term, payment option) pair. */
export const OPTIONS = COMMITMENT_TERMS.flatMap(term =>
  COMMITMENT_PAYMENT_OPTIONS.map(paymentOption => ({
    term,
    paymentOption,
    rateView: commitmentRateViewKey(term, paymentOption),
  })),
);

export type Confidence = CommitmentOption['confidence'];

/**
 * Confidence of a recommendation from the steadiness of daily usage and the days observed:
 * high when usage is steady (≥ 0.8) and seen on every day of at least 60; medium when fairly
 * steady (≥ 0.5) over at least 30 days; low otherwise. A 3-year term is one step less sure.
 */
export function confidenceOf(
  steadiness: Decimal,
  days: number,
  daysWithUsage: number,
  term: CommitmentTerm,
): Confidence {
  let level: Confidence = 'low';
  if (steadiness.gte('0.8') && days >= 60 && daysWithUsage === days) {
    level = 'high';
  } else if (steadiness.gte('0.5') && daysWithUsage >= 30) {
    level = 'medium';
  }
  if (term === '3y') {
    level = level === 'high' ? 'medium' : 'low';
  }
  return level;
}

/**
 * Prices one option: the committed usage a year (units per hour × 8760), at the option's
 * effective rate against the on-demand rate. Upfront is the option's share of the term's cost;
 * the monthly fee spreads the rest; break-even is the first month at which the on-demand cost
 * avoided has paid back the upfront and the fees.
 */
export function priceOption(input: {
  term: CommitmentTerm;
  paymentOption: CommitmentPaymentOption;
  rateView: string;
  annualUnits: Decimal;
  onDemandRate: Decimal;
  rate?: Decimal;
  confidence: Confidence;
}): CommitmentOption {
  const { term, paymentOption, rateView, confidence } = input;
  if (input.rate === undefined) {
    return { term, paymentOption, rateView, confidence };
  }
  const years = TERM_YEARS[term];
  const months = 12 * years;
  const termCost = input.annualUnits.times(years).times(input.rate);
  const upfront = termCost
    .times(UPFRONT_SHARE[paymentOption])
    .toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  const monthly = termCost
    .minus(upfront)
    .dividedBy(months)
    .toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  const annualOnDemand = input.annualUnits.times(input.onDemandRate);
  const annualSavings = annualOnDemand.minus(
    input.annualUnits.times(input.rate),
  );
  const monthlyOnDemand = annualOnDemand.dividedBy(12);
  let breakEvenMonth: number | undefined;
  if (monthlyOnDemand.gt(monthly)) {
    breakEvenMonth = Math.max(
      1,
      upfront.dividedBy(monthlyOnDemand.minus(monthly)).ceil().toNumber(),
    );
    if (breakEvenMonth > months) breakEvenMonth = undefined;
  }
  return {
    term,
    paymentOption,
    rateView,
    rate: input.rate.toFixed(),
    upfront: upfront.toFixed(2),
    monthly: monthly.toFixed(2),
    annualSavings: annualSavings
      .toDecimalPlaces(2, Decimal.ROUND_HALF_UP)
      .toFixed(2),
    savingsPercent: input.onDemandRate.isZero()
      ? undefined
      : new Decimal(1)
          .minus(input.rate.dividedBy(input.onDemandRate))
          .times(100)
          .toDecimalPlaces(1, Decimal.ROUND_HALF_UP)
          .toFixed(1),
    breakEvenMonth,
    confidence,
  };
}
