import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { LinearProgress, Typography } from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { BudgetWithStatus, finopsApiRef } from '../../api';
import { formatMoney } from '../shared';
import { PERIOD_NAMES, byRisk, formatPercent } from './budgetFormat';

function scopeLink(budget: BudgetWithStatus) {
  if (budget.scopeType !== 'entity' || !budget.scopeRef) {
    return budget.scopeType === 'estate'
      ? 'Estate'
      : `${budget.scopeType} ${budget.scopeRef}`;
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
    render: budget => formatPercent(budget.status.risk),
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
  const budgets = useAsync(() => finopsApi.listBudgets(), [finopsApi]);
  if (budgets.error) {
    return (
      <ResponseErrorPanel
        error={budgets.error}
        title="Could not load the budgets"
      />
    );
  }
  if (!budgets.value) {
    return <Progress />;
  }
  if (budgets.value.length === 0) {
    return (
      <EmptyState
        missing="data"
        title="No budget yet"
        description="Budgets are made in the Budget section of a component's, system's or group's Costs tab."
      />
    );
  }
  return (
    <Table
      title="Budgets by risk"
      options={{ paging: false, search: true, padding: 'dense' }}
      columns={columns}
      data={byRisk(budgets.value)}
    />
  );
}
