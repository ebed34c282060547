import { GetSavingsPlansPurchaseRecommendationCommand } from '@aws-sdk/client-cost-explorer';
import { CommitmentInsight } from '@finops-backstage/plugin-finops-node';
import { commandPages } from '../commandPages';
import { CommitmentRecommendations } from './CommitmentRecommendations';
import { attributesOf, figuresOf } from './figuresOf';

/** Compute savings plans purchase recommendations (GetSavingsPlansPurchaseRecommendation). */
export async function* readSavingsPlansRecommendations(
  recommendations: CommitmentRecommendations,
): AsyncIterable<CommitmentInsight> {
  const pages = commandPages(
    recommendations,
    'GetSavingsPlansPurchaseRecommendation',
    token =>
      new GetSavingsPlansPurchaseRecommendationCommand({
        SavingsPlansType: 'COMPUTE_SP',
        ...recommendations.query,
        NextPageToken: token,
      }),
  );
  for await (const page of pages) {
    const details =
      page.SavingsPlansPurchaseRecommendation
        ?.SavingsPlansPurchaseRecommendationDetails ?? [];
    for (const detail of details) {
      yield {
        ...recommendations.insight,
        commitmentType: 'savings_plan',
        account: detail.AccountId,
        region: detail.SavingsPlansDetails?.Region,
        instanceType: detail.SavingsPlansDetails?.InstanceFamily,
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
