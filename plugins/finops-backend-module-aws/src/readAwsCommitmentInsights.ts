import {
  CostExplorerClient,
  GetReservationCoverageCommand,
  GetReservationPurchaseRecommendationCommand,
  GetReservationUtilizationCommand,
  GetSavingsPlansCoverageCommand,
  GetSavingsPlansPurchaseRecommendationCommand,
  GetSavingsPlansUtilizationCommand,
  LookbackPeriodInDays,
  PaymentOption,
  TermInYears,
} from '@aws-sdk/client-cost-explorer';
import {
  CommitmentInsight,
  CostSourceRequest,
} from '@finops-backstage/plugin-finops-node';
import Decimal from 'decimal.js';
import { errorName } from './callWithRetry';
import { pagesOf } from './pagesOf';
import { lastDayBefore, periodOf } from './periodOf';

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

const LOOKBACK_DAYS: Record<string, number> = {
  SEVEN_DAYS: 7,
  THIRTY_DAYS: 30,
  SIXTY_DAYS: 60,
};

const TERMS: Record<string, CommitmentInsight['term']> = {
  ONE_YEAR: '1y',
  THREE_YEARS: '3y',
};

const PAYMENT_OPTIONS: Record<string, CommitmentInsight['paymentOption']> = {
  NO_UPFRONT: 'no_upfront',
  PARTIAL_UPFRONT: 'partial_upfront',
  ALL_UPFRONT: 'all_upfront',
};

type Send = <T>(
  operation: string,
  call: (abortSignal?: AbortSignal) => Promise<T>,
) => Promise<T>;

/**
 * Exact figures from Cost Explorer's strings: only the ones present and numeric, written without
 * exponent (`1E-7` → `0.0000001`).
 */
function figuresOf(
  values: Record<string, string | undefined>,
): Record<string, string> {
  const figures: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(value)) {
      figures[name] = new Decimal(value).toFixed();
    }
  }
  return figures;
}

function attributesOf(
  values: Record<string, string | number | undefined>,
): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined && value !== '') {
      attributes[name] = String(value);
    }
  }
  return attributes;
}

/**
 * Reads a month's commitment figures from Cost Explorer:
 * GetReservationCoverage (by instance type and region, and the total), GetReservationUtilization,
 * GetSavingsPlansCoverage and GetSavingsPlansUtilization, MONTHLY over the month; and for the
 * current month, for each term and payment option, GetReservationPurchaseRecommendation (for each
 * configured service) and GetSavingsPlansPurchaseRecommendation (COMPUTE_SP). Every page is read
 * and every request counted. A DataUnavailableException (no reservation or savings plan at all)
 * means no figures for that call.
 */
export async function* readAwsCommitmentInsights(options: {
  client: CostExplorerClient;
  request: CostSourceRequest;
  now: Date;
  options: CommitmentOptions;
  send: Send;
}): AsyncIterable<CommitmentInsight> {
  const { client, request, now, send } = options;
  const config = options.options;
  if (!config.enabled) {
    return;
  }
  const period = periodOf(request.month, now);
  if (!period) {
    return;
  }
  const periodEnd = lastDayBefore(period.End);
  const base = { periodStart: period.Start, periodEnd };

  /** Sends a call; undefined when Cost Explorer has no such data (no commitments at all). */
  const tryCall = async <T>(
    operation: string,
    call: (abortSignal?: AbortSignal) => Promise<T>,
  ): Promise<T | undefined> => {
    try {
      return await send(operation, call);
    } catch (error) {
      if (
        errorName((error as { cause?: unknown }).cause) ===
        'DataUnavailableException'
      ) {
        return undefined;
      }
      throw error;
    }
  };

  // Reservation coverage, by instance type and region.
  let first = true;
  const coveragePages = pagesOf(
    token =>
      tryCall('GetReservationCoverage', abortSignal =>
        client.send(
          new GetReservationCoverageCommand({
            TimePeriod: period,
            Granularity: 'MONTHLY',
            GroupBy: [
              { Type: 'DIMENSION', Key: 'INSTANCE_TYPE' },
              { Type: 'DIMENSION', Key: 'REGION' },
            ],
            NextPageToken: token,
          }),
          { abortSignal },
        ),
      ),
    page => page.NextPageToken,
  );
  for await (const page of coveragePages) {
    for (const byTime of page.CoveragesByTime ?? []) {
      const coverages = (byTime.Groups ?? []).map(group => ({
        coverage: group.Coverage,
        instanceType: group.Attributes?.instanceType,
        region: group.Attributes?.region,
      }));
      if (first && byTime.Total) {
        coverages.unshift({
          coverage: byTime.Total,
          instanceType: undefined,
          region: undefined,
        });
      }
      for (const { coverage, instanceType, region } of coverages) {
        yield {
          kind: 'coverage',
          commitmentType: 'reservation',
          ...base,
          instanceType,
          region,
          figures: figuresOf({
            coveragePercent: coverage?.CoverageHours?.CoverageHoursPercentage,
            coveredHours: coverage?.CoverageHours?.ReservedHours,
            onDemandHours: coverage?.CoverageHours?.OnDemandHours,
            totalRunningHours: coverage?.CoverageHours?.TotalRunningHours,
            onDemandCost: coverage?.CoverageCost?.OnDemandCost,
          }),
        };
      }
    }
    first = false;
  }

  // Reservation utilisation of the month.
  const utilizationPages = pagesOf(
    token =>
      tryCall('GetReservationUtilization', abortSignal =>
        client.send(
          new GetReservationUtilizationCommand({
            TimePeriod: period,
            Granularity: 'MONTHLY',
            NextPageToken: token,
          }),
          { abortSignal },
        ),
      ),
    page => page.NextPageToken,
  );
  for await (const page of utilizationPages) {
    for (const byTime of page.UtilizationsByTime ?? []) {
      const total = byTime.Total;
      if (!total) {
        continue;
      }
      yield {
        kind: 'utilization',
        commitmentType: 'reservation',
        ...base,
        figures: figuresOf({
          utilizationPercent: total.UtilizationPercentage,
          purchasedHours: total.PurchasedHours,
          usedHours: total.TotalActualHours,
          unusedHours: total.UnusedHours,
          netSavings: total.NetRISavings,
          amortizedUpfrontFee: total.AmortizedUpfrontFee,
          amortizedRecurringFee: total.AmortizedRecurringFee,
          onDemandCostOfUsedHours: total.OnDemandCostOfRIHoursUsed,
          realizedSavings: total.RealizedSavings,
          unrealizedSavings: total.UnrealizedSavings,
        }),
      };
    }
  }

  // Savings plans coverage of the month.
  const savingsPlansCoveragePages = pagesOf(
    token =>
      tryCall('GetSavingsPlansCoverage', abortSignal =>
        client.send(
          new GetSavingsPlansCoverageCommand({
            TimePeriod: period,
            Granularity: 'MONTHLY',
            NextToken: token,
          }),
          { abortSignal },
        ),
      ),
    page => page.NextToken,
  );
  for await (const page of savingsPlansCoveragePages) {
    for (const item of page.SavingsPlansCoverages ?? []) {
      yield {
        kind: 'coverage',
        commitmentType: 'savings_plan',
        ...base,
        figures: figuresOf({
          coveragePercent: item.Coverage?.CoveragePercentage,
          coveredSpend: item.Coverage?.SpendCoveredBySavingsPlans,
          onDemandCost: item.Coverage?.OnDemandCost,
          totalCost: item.Coverage?.TotalCost,
        }),
        attributes: attributesOf({ ...item.Attributes }),
      };
    }
  }

  // Savings plans utilisation of the month (not paged).
  const utilization = await tryCall('GetSavingsPlansUtilization', abortSignal =>
    client.send(
      new GetSavingsPlansUtilizationCommand({
        TimePeriod: period,
        Granularity: 'MONTHLY',
      }),
      { abortSignal },
    ),
  );
  for (const byTime of utilization?.SavingsPlansUtilizationsByTime ?? []) {
    yield {
      kind: 'utilization',
      commitmentType: 'savings_plan',
      ...base,
      figures: figuresOf({
        utilizationPercent: byTime.Utilization?.UtilizationPercentage,
        totalCommitment: byTime.Utilization?.TotalCommitment,
        usedCommitment: byTime.Utilization?.UsedCommitment,
        unusedCommitment: byTime.Utilization?.UnusedCommitment,
        netSavings: byTime.Savings?.NetSavings,
        onDemandCostEquivalent: byTime.Savings?.OnDemandCostEquivalent,
        amortizedUpfrontCommitment:
          byTime.AmortizedCommitment?.AmortizedUpfrontCommitment,
        amortizedRecurringCommitment:
          byTime.AmortizedCommitment?.AmortizedRecurringCommitment,
      }),
    };
  }

  // Purchase recommendations: only for the current month, over the lookback before today.
  if (request.month !== now.toISOString().slice(0, 7)) {
    return;
  }
  const lookbackDays = LOOKBACK_DAYS[config.lookback] ?? 60;
  const today = new Date(`${now.toISOString().slice(0, 10)}T00:00:00Z`);
  const lookback = {
    periodStart: new Date(today.getTime() - lookbackDays * 86_400_000)
      .toISOString()
      .slice(0, 10),
    periodEnd: lastDayBefore(today.toISOString().slice(0, 10)),
  };
  for (const term of config.terms) {
    for (const paymentOption of config.paymentOptions) {
      for (const service of config.reservationServices) {
        const pages = pagesOf(
          token =>
            tryCall('GetReservationPurchaseRecommendation', abortSignal =>
              client.send(
                new GetReservationPurchaseRecommendationCommand({
                  Service: service,
                  AccountScope: 'PAYER',
                  LookbackPeriodInDays: config.lookback,
                  TermInYears: term,
                  PaymentOption: paymentOption,
                  NextPageToken: token,
                }),
                { abortSignal },
              ),
            ),
          page => page.NextPageToken,
        );
        for await (const page of pages) {
          for (const recommendation of page.Recommendations ?? []) {
            for (const detail of recommendation.RecommendationDetails ?? []) {
              const ec2 = detail.InstanceDetails?.EC2InstanceDetails;
              const rds = detail.InstanceDetails?.RDSInstanceDetails;
              yield {
                kind: 'recommendation',
                commitmentType: 'reservation',
                ...lookback,
                account: detail.AccountId,
                service,
                region: ec2?.Region ?? rds?.Region,
                instanceType: ec2?.InstanceType ?? rds?.InstanceType,
                term: TERMS[term],
                paymentOption: PAYMENT_OPTIONS[paymentOption],
                figures: figuresOf({
                  recommendedUnits:
                    detail.RecommendedNumberOfInstancesToPurchase,
                  recommendedNormalizedUnits:
                    detail.RecommendedNormalizedUnitsToPurchase,
                  upfrontCost: detail.UpfrontCost,
                  recurringMonthlyCost: detail.RecurringStandardMonthlyCost,
                  estimatedMonthlySavings: detail.EstimatedMonthlySavingsAmount,
                  estimatedSavingsPercent:
                    detail.EstimatedMonthlySavingsPercentage,
                  estimatedMonthlyOnDemandCost:
                    detail.EstimatedMonthlyOnDemandCost,
                  breakEvenMonths: detail.EstimatedBreakEvenInMonths,
                  averageUtilization: detail.AverageUtilization,
                }),
                attributes: attributesOf({
                  recommendationId: page.Metadata?.RecommendationId,
                  platform: ec2?.Platform,
                  tenancy: ec2?.Tenancy,
                  family: ec2?.Family,
                  currency: detail.CurrencyCode,
                }),
              };
            }
          }
        }
      }

      const pages = pagesOf(
        token =>
          tryCall('GetSavingsPlansPurchaseRecommendation', abortSignal =>
            client.send(
              new GetSavingsPlansPurchaseRecommendationCommand({
                SavingsPlansType: 'COMPUTE_SP',
                AccountScope: 'PAYER',
                LookbackPeriodInDays: config.lookback,
                TermInYears: term,
                PaymentOption: paymentOption,
                NextPageToken: token,
              }),
              { abortSignal },
            ),
          ),
        page => page.NextPageToken,
      );
      for await (const page of pages) {
        const recommendation = page.SavingsPlansPurchaseRecommendation;
        for (const detail of recommendation?.SavingsPlansPurchaseRecommendationDetails ??
          []) {
          yield {
            kind: 'recommendation',
            commitmentType: 'savings_plan',
            ...lookback,
            account: detail.AccountId,
            region: detail.SavingsPlansDetails?.Region,
            instanceType: detail.SavingsPlansDetails?.InstanceFamily,
            term: TERMS[term],
            paymentOption: PAYMENT_OPTIONS[paymentOption],
            figures: figuresOf({
              hourlyCommitment: detail.HourlyCommitmentToPurchase,
              upfrontCost: detail.UpfrontCost,
              estimatedMonthlySavings: detail.EstimatedMonthlySavingsAmount,
              estimatedSavingsPercent: detail.EstimatedSavingsPercentage,
              estimatedAverageUtilization: detail.EstimatedAverageUtilization,
              estimatedOnDemandCost: detail.EstimatedOnDemandCost,
              estimatedCommitmentCost: detail.EstimatedSPCost,
              estimatedRoi: detail.EstimatedROI,
            }),
            attributes: attributesOf({
              recommendationId: page.Metadata?.RecommendationId,
              savingsPlansType: 'COMPUTE_SP',
              offeringId: detail.SavingsPlansDetails?.OfferingId,
              currency: detail.CurrencyCode,
            }),
          };
        }
      }
    }
  }
}
