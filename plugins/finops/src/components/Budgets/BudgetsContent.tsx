import { Table, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { LinearProgress, Typography } from '@material-ui/core';
import { alpha, useTheme } from '@material-ui/core/styles';
import { useMemo } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { BudgetWithStatus, finopsApiRef } from '../../api';
import { UrlStateCodec, formatMoney, oneOf, useUrlState } from '../shared';
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
  { title: 'Name', field: 'name' },
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

/** The columns the table sorts by, by their field. */
const SORT_FIELDS = columns.flatMap(column =>
  typeof column.field === 'string' ? [column.field] : [],
);
const DEFAULT_SORT = 'status.risk';

interface TableState {
  search: string;
  sort: string;
  direction: 'asc' | 'desc';
  page: number;
}

const TABLE_URL_KEYS = ['q', 'sort', 'dir', 'page'] as const;

/** The table's search, sort and page in the URL (`?q=cart&sort=amount&dir=asc&page=2`). */
const tableCodec: UrlStateCodec<TableState> = {
  read: params => {
    const page = Number(params.get('page'));
    return {
      search: params.get('q') ?? '',
      sort: oneOf(params.get('sort'), SORT_FIELDS, DEFAULT_SORT),
      direction: oneOf(params.get('dir'), ['asc', 'desc'] as const, 'desc'),
      // Shown from 1 in the URL, from 0 in the table.
      page: Number.isInteger(page) && page > 1 ? page - 1 : 0,
    };
  },
  write: state => ({
    q: state.search || undefined,
    sort: state.sort === DEFAULT_SORT ? undefined : state.sort,
    dir: state.direction === 'desc' ? undefined : state.direction,
    page: state.page > 0 ? String(state.page + 1) : undefined,
  }),
};

/** Budgets shown per page of the table. */
const PAGE_SIZE = 20;

/**
 * The Budgets tab of the FinOps page: every budget, riskiest (forecast ÷ budget) first; its
 * search, sort and page are in the URL.
 */
export function BudgetsContent() {
  const finopsApi = useApi(finopsApiRef);
  const theme = useTheme();
  const budgets = useAsyncRetry(() => finopsApi.listBudgets(), [finopsApi]);
  // Budgets of a domain, an account or the estate are for FinOps admins (a definitive allow).
  const newBudget = useNewBudget({ onCreated: budgets.retry });
  const [table, setTable] = useUrlState(tableCodec, TABLE_URL_KEYS);
  // Rebuilt only when the sort changes: the table keeps its state between renders.
  const { retry } = budgets;
  const allColumns = useMemo<TableColumn<BudgetWithStatus>[]>(
    () => [
      ...columns.map(column => ({
        ...column,
        // Names, dates and figures are not broken: a narrow screen scrolls the table sideways.
        cellStyle: { whiteSpace: 'nowrap' },
        headerStyle: { whiteSpace: 'nowrap' },
        defaultSort: column.field === table.sort ? table.direction : undefined,
      })),
      {
        title: 'Actions',
        sorting: false,
        render: budget => <BudgetActions budget={budget} onChanged={retry} />,
      },
    ],
    [table.sort, table.direction, retry],
  );
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
            paging: sorted.length > PAGE_SIZE,
            pageSize: PAGE_SIZE,
            pageSizeOptions: [PAGE_SIZE, 50, 100],
            initialPage: table.page,
            search: true,
            searchText: table.search,
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
          columns={allColumns}
          data={sorted}
          onSearchChange={search => setTable({ ...table, search, page: 0 })}
          onOrderChange={(orderBy, direction) =>
            setTable({
              ...table,
              sort:
                orderBy >= 0 && typeof allColumns[orderBy]?.field === 'string'
                  ? (allColumns[orderBy].field as string)
                  : DEFAULT_SORT,
              direction: orderBy >= 0 && direction ? direction : 'desc',
              page: 0,
            })
          }
          onPageChange={page => setTable({ ...table, page })}
        />
      )}
    </BudgetsBody>
  );
}
