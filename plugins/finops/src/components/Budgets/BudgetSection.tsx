import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { Box, Grid } from '@material-ui/core';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { finopsApiRef } from '../../api';
import { BudgetCard } from './BudgetCard';
import { byRisk } from './budgetFormat';
import { useNewBudget } from './useNewBudget';

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
  const budgets = useAsyncRetry(
    () => finopsApi.listBudgets({ entityRef }),
    [finopsApi, entityRef],
  );
  // Budgets are a resource type whose ref is the scope's entity ref: owners may manage their own.
  const { button: createButton, dialog } = useNewBudget({
    entityRef,
    entityName,
    onCreated: budgets.retry,
  });

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
        action={createButton}
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
