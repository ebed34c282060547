import { Progress } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Grid, LinearProgress, Typography } from '@material-ui/core';
import { CostByMonthChart } from './CostByMonthChart';
import { CostEmptyState } from './CostEmptyState';
import { CostHeader } from './CostHeader';
import { BreakdownCard } from './BreakdownCard';
import { COST_URL_KEYS, costSelectionCodec } from './costsQuery';
import { DailyDirectChart } from './DailyDirectChart';
import { IndirectSharesTable } from './IndirectSharesTable';
import { TopProductsTable } from './TopProductsTable';
import { TotalCostCard } from './TotalCostCard';
import { UnitCostCard } from './UnitCostCard';
import { UnpricedWarning } from './UnpricedWarning';
import {
  LoadError,
  MoversCard,
  selectedMonthsOf,
  useAnomalies,
  useUrlState,
} from '../shared';
import { comparedWithText } from '../shared/format';
import { useCosts, useHasCostData, usePricingViews } from './useCosts';

/**
 * The Cost tab of a catalog entity page (components, systems and groups): what the entity costs
 * over a period, in a pricing view, compared with a baseline.
 */
export function CostTab() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const hasData = useHasCostData(entityRef);

  if (hasData.loading) {
    return <Progress />;
  }
  // When the first check fails, the tab opens anyway: its own load shows the reason and a retry
  // beside the period and view controls.
  if (!hasData.error && !hasData.value) {
    return <CostEmptyState entityName={entity.metadata.name} />;
  }
  return <CostContent entityRef={entityRef} kind={entity.kind.toLowerCase()} />;
}

function CostContent(props: { entityRef: string; kind: string }) {
  const { entityRef, kind } = props;
  const [selection, setSelection] = useUrlState(
    costSelectionCodec,
    COST_URL_KEYS,
  );
  const views = usePricingViews();
  const { value, loading, error, retry } = useCosts(entityRef, selection, {
    // Systems and groups are broken down by component.
    byComponent: kind === 'group' || kind === 'system',
  });
  const range = selectedMonthsOf(selection);
  const anomalies = useAnomalies(
    range && { entityRef, view: selection.view, ...range },
  );
  const viewNames = Object.fromEntries(
    views.map(view => [view.key, view.name]),
  );

  let body;
  if (!range) {
    body = (
      <Typography color="textSecondary">
        Choose a custom period whose end is not before its start.
      </Typography>
    );
  } else if (error) {
    body = (
      <LoadError error={error} title="Could not load costs" onRetry={retry} />
    );
  } else if (!value) {
    body = <Progress />;
  } else {
    const { main, daily, products, components } = value;
    body = (
      <Grid container spacing={3}>
        {main.unpriced.length > 0 && (
          <Grid item xs={12}>
            <UnpricedWarning
              unpriced={main.unpriced}
              viewName={main.view.name}
            />
          </Grid>
        )}
        <Grid item xs={12} lg={4}>
          <TotalCostCard costs={main} viewNames={viewNames} />
        </Grid>
        <Grid item xs={12} lg={8}>
          <CostByMonthChart
            costs={main}
            groupBy={selection.groupBy}
            onGroupByChange={groupBy => setSelection({ ...selection, groupBy })}
          />
        </Grid>
        {main.comparison && (
          <Grid item xs={12}>
            <MoversCard
              movers={main.comparison.movers}
              currency={main.currency}
              subheader={
                main.comparison.baseline.view === main.view.key
                  ? comparedWithText(main.comparison.baseline)
                  : `vs view ${
                      viewNames[main.comparison.baseline.view] ??
                      main.comparison.baseline.view
                    } over the same months`
              }
            />
          </Grid>
        )}
        <UnitCostCard
          entityRef={entityRef}
          range={range}
          view={selection.view}
        />
        <Grid item xs={12}>
          <DailyDirectChart
            costs={daily}
            anomalies={anomalies.value}
            anomaliesError={anomalies.error}
          />
        </Grid>
        <Grid item xs={12}>
          <TopProductsTable costs={products} />
        </Grid>
        <Grid item xs={12}>
          <IndirectSharesTable costs={main} />
        </Grid>
        {components && (
          <Grid item xs={12}>
            <BreakdownCard costs={components} byTeams={kind === 'group'} />
          </Grid>
        )}
      </Grid>
    );
  }

  return (
    <>
      <CostHeader
        entityRef={entityRef}
        selection={selection}
        onChange={setSelection}
        views={views}
      />
      {loading && value && <LinearProgress aria-label="Reloading costs" />}
      {body}
    </>
  );
}
