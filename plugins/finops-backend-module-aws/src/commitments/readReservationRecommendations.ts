import {
  GetReservationPurchaseRecommendationCommand,
  ReservationPurchaseRecommendationDetail,
} from '@aws-sdk/client-cost-explorer';
import { CommitmentInsight } from '@finops-backstage/plugin-finops-node';
import { commandPages } from '../commandPages';
import { CommitmentRecommendations } from './CommitmentRecommendations';
import { attributesOf, figuresOf } from './figuresOf';

/** Reservation purchase recommendations for one service (GetReservationPurchaseRecommendation). */
export async function* readReservationRecommendations(
  recommendations: CommitmentRecommendations,
  service: string,
): AsyncIterable<CommitmentInsight> {
  const pages = commandPages(
    recommendations,
    'GetReservationPurchaseRecommendation',
    token =>
      new GetReservationPurchaseRecommendationCommand({
        Service: service,
        ...recommendations.query,
        NextPageToken: token,
      }),
  );
  for await (const page of pages) {
    for (const recommendation of page.Recommendations ?? []) {
      for (const detail of recommendation.RecommendationDetails ?? []) {
        const ec2 = detail.InstanceDetails?.EC2InstanceDetails;
        const rds = detail.InstanceDetails?.RDSInstanceDetails;
        yield {
          ...recommendations.insight,
          commitmentType: 'reservation',
          account: detail.AccountId,
          service,
          region: ec2?.Region ?? rds?.Region,
          instanceType: ec2?.InstanceType ?? rds?.InstanceType,
          figures: recommendationFigures(detail),
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

function recommendationFigures(
  detail: ReservationPurchaseRecommendationDetail,
): CommitmentInsight['figures'] {
  return figuresOf({
    recommendedUnits: detail.RecommendedNumberOfInstancesToPurchase,
    recommendedNormalizedUnits: detail.RecommendedNormalizedUnitsToPurchase,
    upfrontCost: detail.UpfrontCost,
    recurringMonthlyCost: detail.RecurringStandardMonthlyCost,
    estimatedMonthlySavings: detail.EstimatedMonthlySavingsAmount,
    estimatedSavingsPercent: detail.EstimatedMonthlySavingsPercentage,
    estimatedMonthlyOnDemandCost: detail.EstimatedMonthlyOnDemandCost,
    breakEvenMonths: detail.EstimatedBreakEvenInMonths,
    averageUtilization: detail.AverageUtilization,
  });
}
