import {
  GetSavingsPlansCoverageCommand,
  SavingsPlansCoverage,
} from '@aws-sdk/client-cost-explorer';
import { CommitmentInsight } from '@finops-backstage/plugin-finops-node';
import { commandPages } from '../commandPages';
import { CommitmentMonth } from './CommitmentMonth';
import { attributesOf, figuresOf } from './figuresOf';

/** Savings plans coverage of the month (GetSavingsPlansCoverage), one insight per item. */
export async function* readSavingsPlansCoverage(
  month: CommitmentMonth,
): AsyncIterable<CommitmentInsight> {
  const pages = commandPages(
    month,
    'GetSavingsPlansCoverage',
    token =>
      new GetSavingsPlansCoverageCommand({ ...month.query, NextToken: token }),
    page => page.NextToken,
  );
  for await (const page of pages) {
    yield* (page.SavingsPlansCoverages ?? []).map(item => ({
      kind: 'coverage' as const,
      commitmentType: 'savings_plan' as const,
      ...month.period,
      figures: coverageFigures(item),
      attributes: attributesOf({ ...item.Attributes }),
    }));
  }
}

function coverageFigures({
  Coverage: coverage,
}: SavingsPlansCoverage): CommitmentInsight['figures'] {
  return figuresOf({
    coveragePercent: coverage?.CoveragePercentage,
    coveredSpend: coverage?.SpendCoveredBySavingsPlans,
    onDemandCost: coverage?.OnDemandCost,
    totalCost: coverage?.TotalCost,
  });
}
