import { Table, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { LinearProgress, Typography } from '@material-ui/core';
import { alpha, useTheme } from '@material-ui/core/styles';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { BudgetWithStatus, finopsApiRef } from '../../api';
import { formatMoney } from '../shared';
import { BudgetActions } from './BudgetActions';
import {
  PERIOD_NAMES,
  formatPercent,
  isAtRisk,
  scopeLabel,
} from './budgetFormat';
import { BudgetsBody } from './BudgetsBody';
import { RiskFlag } from './RiskFlag';
import { useNewBudget } from './useNewBudget';

function scopeLink(budget: BudgetWithStatus) {
  if (budget.scopeType !== 'entity' || !budget.scopeRef) {
    return scopeLabel(budget.scopeType, budget.scopeRef);
  }
  return <EntityRefLink entityRef={budget.scopeRef} />;
}

const columns: TableColumn<BudgetWithStatus>[] = [
  { title: 'Budget', field: 'name' },
  {
    title: 'Scope',
    field: 'scopeRef',
    render: scopeLink,
  },
  {
    title: 'Period',
    field: 'period',
    render: budget =>
      `${PERIOD_NAMES[budget.period]} (${budget.status.periodStart})`,
  },
  {
    title: 'Budget',
    field: 'amount',
    type: 'numeric',
    customSort: (a, b) => Number(a.amount) - Number(b.amount),
    render: budget => formatMoney(budget.amount, budget.currency),
  },
  {
    title: 'Actual',
    field: 'status.actual',
    type: 'numeric',
    customSort: (a, b) => Number(a.status.actual) - Number(b.status.actual),
    render: budget => formatMoney(budget.status.actual, budget.currency),
  },
  {
    title: 'Used',
    field: 'status.percentUsed',
    customSort: (a, b) =>
      Number(a.status.percentUsed) - Number(b.status.percentUsed),
    render: budget => (
      <>
        <Typography variant="body2">
          {formatPercent(budget.status.percentUsed)}
        </Typography>
        <LinearProgress
          variant="determinate"
          value={Math.min(Number(budget.status.percentUsed), 100)}
        />
      </>
    ),
  },
  {
    title: 'Forecast',
    field: 'status.forecast',
    type: 'numeric',
    customSort: (a, b) => Number(a.status.forecast) - Number(b.status.forecast),
    render: budget => formatMoney(budget.status.forecast, budget.currency),
  },
  {
    title: 'Risk (forecast / budget)',
    field: 'status.risk',
    type: 'numeric',
    defaultSort: 'desc',
    customSort: (a, b) => Number(a.status.risk) - Number(b.status.risk),
    render: budget => <RiskFlag budget={budget} />,
  },
  {
    title: 'Days left',
    field: 'status.daysLeft',
    type: 'numeric',
    render: budget =>
      budget.status.daysLeft === null ? '—' : budget.status.daysLeft,
  },
];

/** The Budgets tab of the FinOps page: every budget, riskiest (forecast ÷ budget) first. */
export function BudgetsContent() {
  const finopsApi = useApi(finopsApiRef);
  const theme = useTheme();
  const budgets = useAsyncRetry(() => finopsApi.listBudgets(), [finopsApi]);
  // Budgets of a domain, an account or the estate are for FinOps admins (a definitive allow).
  const newBudget = useNewBudget({ onCreated: budgets.retry });
  return (
    <BudgetsBody
      budgets={budgets}
      emptyDescription="A budget tracks the cost of a component, system or group (from its Costs tab), a cost domain, an account or the whole estate against an amount per month, quarter or year."
      newBudget={newBudget}
    >
      {sorted => (
        <Table
          title="Budgets by risk"
          options={{
            paging: false,
            search: true,
            padding: 'dense',
            // Budgets whose forecast reaches the amount stand out (the risk cell says it too).
            rowStyle: (budget: BudgetWithStatus) =>
              isAtRisk(budget)
                ? {
                    backgroundColor: alpha(theme.palette.warning.main, 0.12),
                    boxShadow: `inset 4px 0 ${theme.palette.warning.main}`,
                  }
                : {},
          }}
          columns={[
            ...columns,
            {
              title: 'Actions',
              sorting: false,
              render: budget => (
                <BudgetActions budget={budget} onChanged={budgets.retry} />
              ),
            },
          ]}
          data={sorted}
        />
      )}
    </BudgetsBody>
  );
}
