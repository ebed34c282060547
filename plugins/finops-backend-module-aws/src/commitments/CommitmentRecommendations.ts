import {
  LookbackPeriodInDays,
  PaymentOption,
  TermInYears,
} from '@aws-sdk/client-cost-explorer';
import { CommitmentInsight } from '@finops-backstage/plugin-finops-node';
import { CostExplorerCalls } from '../commandPages';

const TERMS: Record<string, CommitmentInsight['term']> = {
  ONE_YEAR: '1y',
  THREE_YEARS: '3y',
};

const PAYMENT_OPTIONS: Record<string, CommitmentInsight['paymentOption']> = {
  NO_UPFRONT: 'no_upfront',
  PARTIAL_UPFRONT: 'partial_upfront',
  ALL_UPFRONT: 'all_upfront',
};

/** What the readers of the purchase recommendations of one term and payment option share. */
export interface CommitmentRecommendations extends CostExplorerCalls {
  /** The request's common part: the payer's recommendations over the lookback. */
  query: {
    AccountScope: 'PAYER';
    LookbackPeriodInDays: LookbackPeriodInDays;
    TermInYears: TermInYears;
    PaymentOption: PaymentOption;
  };
  /** The insights' common part: kind, lookback period, term and payment option. */
  insight: Pick<
    CommitmentInsight,
    'kind' | 'periodStart' | 'periodEnd' | 'term' | 'paymentOption'
  >;
}

/** The recommendations of one term and payment option over a lookback period. */
export function commitmentRecommendations(
  calls: CostExplorerCalls,
  lookback: {
    days: LookbackPeriodInDays;
    periodStart: string;
    periodEnd: string;
  },
  term: TermInYears,
  paymentOption: PaymentOption,
): CommitmentRecommendations {
  return {
    ...calls,
    query: {
      AccountScope: 'PAYER',
      LookbackPeriodInDays: lookback.days,
      TermInYears: term,
      PaymentOption: paymentOption,
    },
    insight: {
      kind: 'recommendation',
      periodStart: lookback.periodStart,
      periodEnd: lookback.periodEnd,
      term: TERMS[term],
      paymentOption: PAYMENT_OPTIONS[paymentOption],
    },
  };
}
