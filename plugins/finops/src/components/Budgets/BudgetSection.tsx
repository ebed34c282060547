import { useApi } from '@backstage/frontend-plugin-api';
import { Grid } from '@material-ui/core';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { finopsApiRef } from '../../api';
import { BudgetCard } from './BudgetCard';
import { BudgetsBody } from './BudgetsBody';
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
  const newBudget = useNewBudget({
    entityRef,
    entityName,
    onCreated: budgets.retry,
  });
  return (
    <BudgetsBody
      budgets={budgets}
      emptyDescription={`${entityName} has no budget. A budget tracks its cost against an amount per month, quarter or year, forecasts the period's end and alerts its owners.`}
      newBudget={newBudget}
    >
      {sorted => (
        <Grid container spacing={3}>
          {sorted.map(budget => (
            <Grid item xs={12} key={budget.id}>
              <BudgetCard budget={budget} onChanged={budgets.retry} />
            </Grid>
          ))}
        </Grid>
      )}
    </BudgetsBody>
  );
}
