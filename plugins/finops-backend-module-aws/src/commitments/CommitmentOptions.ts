import {
  LookbackPeriodInDays,
  PaymentOption,
  TermInYears,
} from '@aws-sdk/client-cost-explorer';

/** Which purchase recommendations are asked for (current month only). */
export interface CommitmentOptions {
  /** Read coverage, utilisation and recommendations at all. Default true. */
  enabled: boolean;
  terms: TermInYears[];
  paymentOptions: PaymentOption[];
  lookback: LookbackPeriodInDays;
  /** Services of the reservation recommendations, as Cost Explorer names them. */
  reservationServices: string[];
}

export const DEFAULT_COMMITMENTS: CommitmentOptions = {
  enabled: true,
  terms: ['ONE_YEAR', 'THREE_YEARS'],
  paymentOptions: ['NO_UPFRONT'],
  lookback: 'SIXTY_DAYS',
  reservationServices: ['Amazon Elastic Compute Cloud - Compute'],
};
