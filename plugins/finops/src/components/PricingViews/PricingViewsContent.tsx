import { useState } from 'react';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { Box, Button, Grid } from '@material-ui/core';
import AddIcon from '@material-ui/icons/Add';
import { usePermission } from '@backstage/plugin-permission-react';
import { finopsPricingViewCreatePermission } from '@finops-backstage/plugin-finops-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { finopsApiRef } from '../../api';
import { CreatePricingViewDialog } from './CreatePricingViewDialog';
import { PricingViewCompare } from './PricingViewCompare';
import { PricingViewDetail } from './PricingViewDetail';
import { PricingViewsTable } from './PricingViewsTable';
import { useUrlParam } from '../shared';

/**
 * The Pricing views tab of the FinOps page: the views, one open with its rules and audit trail,
 * and a comparison of two views. Writes need the `finops.pricingView.*` permissions.
 */
export function PricingViewsContent() {
  const finopsApi = useApi(finopsApiRef);
  const { allowed: canCreate } = usePermission({
    permission: finopsPricingViewCreatePermission,
  });
  const { value, loading, error, retry } = useAsyncRetry(
    () => finopsApi.listPricingViews(),
    [finopsApi],
  );
  // The open view is in the URL (`?view=list-2027`), to reload or share.
  const [selected, setSelected] = useUrlParam('view');
  const [creating, setCreating] = useState(false);

  if (loading && !value) {
    return <Progress />;
  }
  if (error || !value) {
    return (
      <ResponseErrorPanel
        error={error ?? new Error('No answer')}
        title="Could not load the pricing views"
      />
    );
  }

  const newButton = canCreate && (
    <Button
      color="primary"
      variant="contained"
      startIcon={<AddIcon />}
      onClick={() => setCreating(true)}
    >
      New pricing view
    </Button>
  );
  const dialog = creating && (
    <CreatePricingViewDialog
      views={value}
      onClose={() => setCreating(false)}
      onCreated={view => {
        setCreating(false);
        setSelected(view.key);
        retry();
      }}
    />
  );

  if (value.length === 0) {
    return (
      <>
        <EmptyState
          missing="data"
          title="No pricing view yet"
          description="The actual view appears after the first ingestion run; other views price the same quantities differently."
          action={newButton || undefined}
        />
        {dialog}
      </>
    );
  }

  const open = value.find(view => view.key === selected);
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard
          title="Pricing views"
          subheader="Cost = quantity × the unit price of a view; select a view to open it"
          action={newButton ? <Box p={1}>{newButton}</Box> : undefined}
        >
          <PricingViewsTable
            views={value}
            selected={open?.key}
            onSelect={setSelected}
          />
        </InfoCard>
      </Grid>
      {open && (
        <Grid item xs={12}>
          <PricingViewDetail
            key={open.key}
            viewKey={open.key}
            views={value}
            onChanged={retry}
            onDeleted={() => {
              setSelected(undefined);
              retry();
            }}
          />
        </Grid>
      )}
      {value.length > 1 && (
        <Grid item xs={12}>
          <PricingViewCompare views={value} />
        </Grid>
      )}
      {dialog}
    </Grid>
  );
}
