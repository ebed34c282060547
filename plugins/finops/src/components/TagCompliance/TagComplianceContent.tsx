import { EmptyState, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { Box, Grid } from '@material-ui/core';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { finopsApiRef } from '../../api';
import { ChargebackControls } from '../Chargeback/ChargebackControls';
import {
  LoadError,
  MONTH_VIEW_URL_KEYS,
  monthViewCodec,
  useUrlState,
} from '../shared';
import { UnpricedWarning } from '../CostTab/UnpricedWarning';
import { NonCompliantResourcesTable } from './NonCompliantResourcesTable';
import { TagBreakdownTable } from './TagBreakdownTable';
import { TagComplianceKpis } from './TagComplianceKpis';
import { TagComplianceSetApart } from './TagComplianceSetApart';
import { TagComplianceTrendChart } from './TagComplianceTrendChart';
import { TagCoverageCard } from './TagCoverageCard';

/**
 * The Tags tab of the FinOps page: how much of a month's cost carries the mandatory tags, by tag
 * and by cloud, account, service or region, the costliest resources missing some, and the trend.
 */
export function TagComplianceContent() {
  const finopsApi = useApi(finopsApiRef);
  // The last complete month by default; both in the URL.
  const [{ month, view }, setState] = useUrlState(
    monthViewCodec,
    MONTH_VIEW_URL_KEYS,
  );
  const setMonth = (next: string) => setState({ month: next, view });
  const setView = (next: string) => setState({ month, view: next });
  const { value, loading, error, retry } = useAsyncRetry(
    () => finopsApi.getTagCompliance({ month, view }),
    [finopsApi, month, view],
  );

  let body;
  if (loading) {
    body = <Progress />;
  } else if (error || !value) {
    body = (
      <LoadError
        error={error ?? new Error('No answer')}
        title="Could not load the tag compliance report"
        onRetry={retry}
      />
    );
  } else if (Number(value.total) === 0) {
    body = (
      <>
        <EmptyState
          missing="data"
          title="No cost to judge"
          description={`No cost to judge in this month: ${value.month} has no direct usage priced in the view "${value.view.name}". Pick another month or view, or wait for the next ingestion run.`}
        />
        <UnpricedWarning unpriced={value.unpriced} viewName={value.view.name} />
      </>
    );
  } else {
    body = (
      <Grid container spacing={2}>
        <TagComplianceKpis report={value} />
        <TagComplianceSetApart report={value} />
        {value.unpriced.length > 0 && (
          <Grid item xs={12}>
            <UnpricedWarning
              unpriced={value.unpriced}
              viewName={value.view.name}
            />
          </Grid>
        )}
        <Grid item xs={12} md={5}>
          <TagCoverageCard report={value} />
        </Grid>
        <Grid item xs={12} md={7}>
          <TagComplianceTrendChart report={value} />
        </Grid>
        <Grid item xs={12}>
          <TagBreakdownTable report={value} />
        </Grid>
        <Grid item xs={12}>
          <NonCompliantResourcesTable report={value} />
        </Grid>
      </Grid>
    );
  }

  return (
    <>
      <Box mb={2} display="flex" alignItems="center">
        <ChargebackControls
          month={month}
          view={view}
          onMonth={setMonth}
          onView={setView}
        />
      </Box>
      {body}
    </>
  );
}
