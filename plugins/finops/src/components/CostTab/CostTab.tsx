import { useState } from 'react';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Grid, LinearProgress, Typography } from '@material-ui/core';
import { CostByMonthChart } from './CostByMonthChart';
import { CostEmptyState } from './CostEmptyState';
import { CostHeader } from './CostHeader';
import { ComponentBreakdownTable } from './ComponentBreakdownTable';
import { CostSelection, initialSelection } from './costsQuery';
import { DailyDirectChart } from './DailyDirectChart';
import { IndirectSharesTable } from './IndirectSharesTable';
import { TopProductsTable } from './TopProductsTable';
import { TotalCostCard } from './TotalCostCard';
import { UnitCostCard } from './UnitCostCard';
import { UnpricedWarning } from './UnpricedWarning';
import { selectedMonthsOf, useAnomalies } from '../shared';
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
  if (hasData.error) {
    return (
      <ResponseErrorPanel error={hasData.error} title="Could not load costs" />
    );
  }
  if (!hasData.value) {
    return <CostEmptyState entityName={entity.metadata.name} />;
  }
  return (
    <CostContent
      entityRef={entityRef}
      isGroup={entity.kind.toLowerCase() === 'group'}
    />
  );
}

function CostContent(props: { entityRef: string; isGroup: boolean }) {
  const { entityRef, isGroup } = props;
  const [selection, setSelection] = useState<CostSelection>(initialSelection);
  const views = usePricingViews();
  const { value, loading, error } = useCosts(entityRef, selection, {
    byComponent: isGroup,
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
    body = <ResponseErrorPanel error={error} title="Could not load costs" />;
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
        <Grid item xs={12} md={4}>
          <TotalCostCard costs={main} viewNames={viewNames} />
        </Grid>
        <Grid item xs={12} md={8}>
          <CostByMonthChart
            costs={main}
            groupBy={selection.groupBy}
            onGroupByChange={groupBy => setSelection({ ...selection, groupBy })}
          />
        </Grid>
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
            <ComponentBreakdownTable costs={components} />
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
