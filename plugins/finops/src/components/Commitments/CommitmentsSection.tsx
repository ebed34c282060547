import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { Box, Grid, Typography } from '@material-ui/core';
import { DateTime } from 'luxon';
import { shiftMonth } from '@finops-backstage/plugin-finops-common';
import useAsync from 'react-use/esm/useAsync';
import { finopsApiRef } from '../../api';
import { formatMoney } from '../shared';
import { CoverageTable } from './CoverageTable';
import { RecommendationsTable } from './RecommendationsTable';

/** Props of {@link CommitmentsSection} and {@link CommitmentsContent}. */
export interface CommitmentsSectionProps {
  /** The entity; absent for the whole estate. */
  entityRef?: string;
}

const LOOKBACK_DAYS = 90;

/**
 * Reservations and savings plans of an entity (or the estate): coverage and waste over the last
 * six months, and purchase recommendations with their what-if views.
 */
export function CommitmentsSection({ entityRef }: CommitmentsSectionProps) {
  const finopsApi = useApi(finopsApiRef);
  const to = DateTime.utc().toFormat('yyyy-MM');
  const from = shiftMonth(to, -5);
  const state = useAsync(async () => {
    const [coverage, recommendations] = await Promise.all([
      finopsApi.getCommitmentCoverage({ from, to, entityRef }),
      finopsApi.getCommitmentRecommendations({
        entityRef,
        lookbackDays: LOOKBACK_DAYS,
      }),
    ]);
    return { coverage, recommendations };
  }, [finopsApi, entityRef, from, to]);

  if (state.loading) return <Progress />;
  if (state.error || !state.value) {
    return (
      <ResponseErrorPanel
        error={state.error ?? new Error('No answer')}
        title="Could not load the reservations"
      />
    );
  }
  const { coverage, recommendations } = state.value;
  return (
    <Grid container spacing={2}>
      <Grid item xs={12}>
        <InfoCard
          title="Recommendations"
          subheader={`From the steady baseline of ${
            recommendations.lookbackDays
          } days of usage${
            recommendations.until ? ` until ${recommendations.until}` : ''
          }, priced through the ri-* pricing views`}
        >
          {recommendations.recommendations.length === 0 ? (
            <EmptyState
              missing="data"
              title="No reservation to recommend"
              description="No steady on-demand usage of compute instances or databases in the lookback."
            />
          ) : (
            <>
              <Box mb={1}>
                <Typography variant="h5" data-testid="estimated-annual-savings">
                  {formatMoney(
                    recommendations.estimatedAnnualSavings,
                    recommendations.currency,
                  )}{' '}
                  a year
                </Typography>
                <Typography variant="body2" color="textSecondary">
                  estimated savings of the best option of each recommendation
                </Typography>
              </Box>
              <RecommendationsTable
                recommendations={recommendations.recommendations}
                currency={recommendations.currency}
                view={recommendations.view}
                lookbackDays={recommendations.lookbackDays}
                entityRef={entityRef}
              />
            </>
          )}
          {recommendations.provider.length > 0 && (
            <Box mt={2}>
              <Typography variant="h6">
                The provider's own recommendations
              </Typography>
              <CoverageTable
                report={{
                  ...coverage,
                  coverage: [],
                  utilisation: [],
                  provider: recommendations.provider,
                }}
              />
            </Box>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard
          title="Coverage and utilisation"
          subheader={`${from} – ${to}; unused commitment: ${formatMoney(
            coverage.totalWaste,
            coverage.currency,
          )} of waste`}
        >
          {coverage.coverage.length === 0 &&
          coverage.utilisation.length === 0 ? (
            <EmptyState
              missing="data"
              title="No commitment-eligible usage"
              description="No compute or database usage in these months."
            />
          ) : (
            <CoverageTable report={coverage} />
          )}
        </InfoCard>
      </Grid>
    </Grid>
  );
}

/** The Reservations tab of the FinOps page: the estate's coverage, waste and recommendations. */
export function CommitmentsContent() {
  return <CommitmentsSection />;
}
