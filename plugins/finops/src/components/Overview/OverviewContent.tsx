import { EmptyState, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { Box, Grid, LinearProgress, Typography } from '@material-ui/core';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { finopsApiRef } from '../../api';
import { LoadError, MoversCard, useAnomalies, useUrlState } from '../shared';
import { comparedWithText } from '../shared/format';
import { CloudSplitChart } from './CloudSplitChart';
import { DailyTrendChart } from './DailyTrendChart';
import { MonthlyTrendChart } from './MonthlyTrendChart';
import { OverviewFilters } from './OverviewFilters';
import { OverviewKpis, OverviewKpisProps } from './OverviewKpis';
import { ServicesChart } from './ServicesChart';
import { SliceBarsChart } from './SliceBarsChart';
import { TopServicesTable } from './TopServicesTable';
import { UnitEconomicsCard } from './UnitEconomicsCard';
import { WeekdayChart } from './WeekdayChart';
import { downloadText, overviewCsv } from './overviewData';
import {
  OVERVIEW_URL_KEYS,
  overviewQueryOf,
  overviewSelectionCodec,
} from './overviewSelection';

/** The Overview tab of the FinOps page: the whole estate over a period, filtered. */
export function OverviewContent() {
  const finopsApi = useApi(finopsApiRef);
  const [selection, setSelection] = useUrlState(
    overviewSelectionCodec,
    OVERVIEW_URL_KEYS,
  );
  const query = overviewQueryOf(selection);
  const queryKey = JSON.stringify(query ?? null);
  const { value, loading, error, retry } = useAsyncRetry(
    async () => (query ? finopsApi.getOverview(query) : undefined),
    // The query is rebuilt on each render; its JSON is what changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [finopsApi, queryKey],
  );

  // The detector judges the estate's daily cost; the overview's filters do not narrow it.
  const anomalies = useAnomalies(
    query && { view: query.view, from: query.from, to: query.to },
  );
  const filtered = Boolean(
    selection.cloud || selection.account || selection.category,
  );

  const exportCsv = value
    ? () =>
        downloadText(
          overviewCsv(value),
          `finops-overview-${value.from}-${value.to}.csv`,
        )
    : undefined;

  let body;
  if (!query) {
    body = (
      <Typography color="textSecondary">
        Choose a custom period whose end is not before its start.
      </Typography>
    );
  } else if (error) {
    body = (
      <LoadError
        error={error}
        title="Could not load the overview"
        onRetry={retry}
      />
    );
  } else if (!value) {
    body = <Progress />;
  } else if (Number(value.total) === 0 && value.daily.length === 0) {
    body = (
      <EmptyState
        missing="data"
        title="No cost data yet"
        description={
          filtered
            ? 'Nothing was charged in this period with these filters. Try another period or clear a filter.'
            : 'Nothing was charged in this period. Cost sources configured under finops.sources load the mart at the next ingestion run.'
        }
      />
    );
  } else {
    body = (
      <OverviewBody
        overview={value}
        anomalies={anomalies.value}
        anomaliesError={anomalies.error}
        filtered={filtered}
      />
    );
  }

  return (
    <>
      <OverviewFilters
        selection={selection}
        onChange={setSelection}
        options={
          value?.filterValues ?? { cloud: [], account: [], category: [] }
        }
        onExport={exportCsv}
      />
      {loading && value && <LinearProgress aria-label="Reloading" />}
      {body}
      <Box mt={3}>
        <UnitEconomicsCard />
      </Box>
    </>
  );
}

function OverviewBody(props: OverviewKpisProps) {
  const { overview } = props;
  return (
    <Grid container spacing={3}>
      <OverviewKpis {...props} />
      <Grid item xs={12} md={4}>
        <CloudSplitChart overview={overview} />
      </Grid>
      <Grid item xs={12} md={8}>
        <DailyTrendChart overview={overview} />
      </Grid>
      <Grid item xs={12}>
        <MoversCard
          movers={overview.movers}
          currency={overview.currency}
          subheader={comparedWithText(overview.previous)}
        />
      </Grid>
      <Grid item xs={12} md={6}>
        <ServicesChart overview={overview} />
      </Grid>
      <Grid item xs={12} md={6}>
        <TopServicesTable overview={overview} />
      </Grid>
      <Grid item xs={12} md={6}>
        <SliceBarsChart
          title="Categories"
          slices={overview.byCategory}
          currency={overview.currency}
        />
      </Grid>
      <Grid item xs={12} md={6}>
        <SliceBarsChart
          title="Accounts"
          slices={overview.byAccount}
          currency={overview.currency}
        />
      </Grid>
      <Grid item xs={12} md={6}>
        <WeekdayChart overview={overview} />
      </Grid>
      <Grid item xs={12} md={6}>
        <MonthlyTrendChart overview={overview} />
      </Grid>
    </Grid>
  );
}
