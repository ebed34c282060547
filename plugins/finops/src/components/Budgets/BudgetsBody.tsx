import { ReactNode } from 'react';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { Box } from '@material-ui/core';
import { BudgetWithStatus } from '../../api';
import { byRisk } from './budgetFormat';

/** Props of {@link BudgetsBody}. */
export interface BudgetsBodyProps {
  /** The budgets as loaded: an error, nothing yet, or the list. */
  budgets: { error?: Error; value?: BudgetWithStatus[] };
  /** What a budget is, said where there is none yet. */
  emptyDescription: string;
  /** The "New budget" button, for those allowed to create one, and the dialog it opens. */
  newBudget: { button?: JSX.Element; dialog: ReactNode };
  /** The budgets, riskiest first. */
  children: (budgets: BudgetWithStatus[]) => ReactNode;
}

/** A list of budgets with its loading, error and empty states, and "New budget" above it. */
export function BudgetsBody(props: BudgetsBodyProps) {
  const { budgets, emptyDescription, newBudget, children } = props;
  const { button: createButton, dialog } = newBudget;
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
        description={emptyDescription}
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
        {children(byRisk(budgets.value))}
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
