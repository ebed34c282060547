import {
  Coverage,
  GetReservationCoverageCommand,
} from '@aws-sdk/client-cost-explorer';
import { CommitmentInsight } from '@finops-backstage/plugin-finops-node';
import { commandPages } from '../commandPages';
import { CommitmentMonth } from './CommitmentMonth';
import { figuresOf } from './figuresOf';

/**
 * Reservation coverage of the month by instance type and region (GetReservationCoverage), the
 * total first (once, from the first page).
 */
export async function* readReservationCoverage(
  month: CommitmentMonth,
): AsyncIterable<CommitmentInsight> {
  let first = true;
  const pages = commandPages(
    month,
    'GetReservationCoverage',
    token =>
      new GetReservationCoverageCommand({
        ...month.query,
        GroupBy: [
          { Type: 'DIMENSION', Key: 'INSTANCE_TYPE' },
          { Type: 'DIMENSION', Key: 'REGION' },
        ],
        NextPageToken: token,
      }),
  );
  for await (const page of pages) {
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
          ...month.period,
          instanceType,
          region,
          figures: coverageFigures(coverage),
        };
      }
    }
    first = false;
  }
}

function coverageFigures(
  coverage: Coverage | undefined,
): CommitmentInsight['figures'] {
  return figuresOf({
    coveragePercent: coverage?.CoverageHours?.CoverageHoursPercentage,
    coveredHours: coverage?.CoverageHours?.ReservedHours,
    onDemandHours: coverage?.CoverageHours?.OnDemandHours,
    totalRunningHours: coverage?.CoverageHours?.TotalRunningHours,
    onDemandCost: coverage?.CoverageCost?.OnDemandCost,
  });
}
