import { useState } from 'react';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { Box, Button, Grid } from '@material-ui/core';
import AddIcon from '@material-ui/icons/Add';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { finopsBudgetCreatePermission } from '@internal/plugin-finops-common';
import { finopsApiRef } from '../../api';
import { BudgetCard } from './BudgetCard';
import { BudgetDialog } from './BudgetDialog';
import { byRisk } from './budgetFormat';

/** Props of {@link BudgetSection}. */
export interface BudgetSectionProps {
  entityRef: string;
  /** The entity's display name, for a new budget's default name. */
  entityName: string;
}

/** The Budget section of an entity's Costs tab: its budgets with their status, and "New budget". */
export function BudgetSection(props: BudgetSectionProps) {
  const { entityRef, entityName } = props;
  const finopsApi = useApi(finopsApiRef);
  // Budgets are a resource type whose ref is the scope's entity ref: owners may manage their own.
  const { allowed: canCreate } = usePermission({
    permission: finopsBudgetCreatePermission,
    resourceRef: entityRef,
  });
  const [creating, setCreating] = useState(false);
  const budgets = useAsyncRetry(
    () => finopsApi.listBudgets({ entityRef }),
    [finopsApi, entityRef],
  );
  const views = useAsync(
    () => (creating ? finopsApi.listPricingViews() : Promise.resolve([])),
    [finopsApi, creating],
  );

  const createButton = canCreate && (
    <Button
      color="primary"
      variant="contained"
      startIcon={<AddIcon />}
      onClick={() => setCreating(true)}
    >
      New budget
    </Button>
  );
  const dialog = creating && (
    <BudgetDialog
      entityRef={entityRef}
      entityName={entityName}
      views={views.value ?? []}
      onClose={() => setCreating(false)}
      onSaved={() => {
        setCreating(false);
        budgets.retry();
      }}
    />
  );

  let body;
  if (budgets.error) {
    body = (
      <ResponseErrorPanel
        error={budgets.error}
        title="Could not load the budgets"
      />
    );
  } else if (!budgets.value) {
    body = <Progress />;
  } else if (budgets.value.length === 0) {
    body = (
      <EmptyState
        missing="data"
        title="No budget yet"
        description={`${entityName} has no budget. A budget tracks its cost against an amount per month, quarter or year, forecasts the period's end and alerts its owners.`}
        action={createButton || undefined}
      />
    );
  } else {
    body = (
      <>
        {createButton && (
          <Box display="flex" justifyContent="flex-end" mb={2}>
            {createButton}
          </Box>
        )}
        <Grid container spacing={3}>
          {byRisk(budgets.value).map(budget => (
            <Grid item xs={12} key={budget.id}>
              <BudgetCard budget={budget} onChanged={budgets.retry} />
            </Grid>
          ))}
        </Grid>
      </>
    );
  }
  return (
    <>
      {body}
      {dialog}
    </>
  );
}
