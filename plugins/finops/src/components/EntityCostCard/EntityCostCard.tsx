import { InfoCard, Link, Progress } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  entityRouteParams,
  entityRouteRef,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { Box, Chip, Typography } from '@material-ui/core';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import { CostResponse } from '@finops-backstage/plugin-finops-common';
import { DateTime } from 'luxon';
import useAsync from 'react-use/esm/useAsync';
import { BudgetWithStatus, finopsApiRef } from '../../api';
import { PERIOD_NAMES, byRisk, formatPercent } from '../Budgets/budgetFormat';
import { CostChange } from '../CostTab/CostChange';
import { ENTITY_TAB_PATHS } from '../EntityContents';
import { errorMessage, formatMoney } from '../shared';
import { cutDaysText } from '../shared/format';
import { CostSparkline } from './CostSparkline';
import { dailyDirectCents, monthToDateQuery } from './monthToDate';

const useStyles = makeStyles(theme => ({
  total: { fontWeight: theme.typography.fontWeightBold as number },
  section: { marginTop: theme.spacing(2) },
  chip: { marginLeft: theme.spacing(1) },
}));

/** Whether an answer holds nothing: no cost, no row, nothing unpriced. */
function isEmpty(costs: CostResponse): boolean {
  return (
    Number(costs.total) === 0 &&
    costs.rows.length === 0 &&
    costs.unpriced.length === 0
  );
}

function BudgetStatusLine(props: {
  budgets: BudgetWithStatus[];
  budgetLink: string;
}) {
  const { budgets, budgetLink } = props;
  const classes = useStyles();
  const theme = useTheme();
  if (budgets.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No budget. <Link to={budgetLink}>Set one</Link>
      </Typography>
    );
  }
  const [riskiest] = byRisk(budgets);
  const { status } = riskiest;
  let state: { label: string; color?: string } = { label: 'On track' };
  if (Number(status.percentUsed) >= 100) {
    state = { label: 'Over budget', color: theme.palette.error.main };
  } else if (Number(status.risk) >= 100) {
    state = {
      label: 'Forecast over budget',
      color: theme.palette.warning.main,
    };
  }
  const others = budgets.length - 1;
  return (
    <Typography variant="body2" component="div">
      <Link to={budgetLink}>{riskiest.name}</Link>:{' '}
      {formatPercent(status.percentUsed)} of{' '}
      {formatMoney(status.amount, riskiest.currency)} used (
      {PERIOD_NAMES[riskiest.period].toLowerCase()}), forecast{' '}
      {formatMoney(status.forecast, riskiest.currency)}
      <Chip
        size="small"
        className={classes.chip}
        variant={state.color ? 'default' : 'outlined'}
        style={
          state.color
            ? { backgroundColor: state.color, color: '#fff' }
            : undefined
        }
        label={state.label}
      />
      {others > 0 && (
        <Typography variant="caption" color="textSecondary" component="div">
          and {others} more budget{others > 1 ? 's' : ''}
        </Typography>
      )}
    </Typography>
  );
}

/** The month's daily direct cost as a line, once there are two days to draw it through. */
function DailyLine(props: { days: number[]; month: string }) {
  const { days, month } = props;
  let note;
  if (!days.some(cents => cents !== 0)) {
    note = 'No direct usage loaded yet this month.';
  } else if (days.length < 2) {
    note = 'The daily line starts with the second day of the month.';
  }
  if (note) {
    return (
      <Typography variant="body2" color="textSecondary">
        {note}
      </Typography>
    );
  }
  return (
    <>
      <Typography variant="caption" color="textSecondary">
        Direct cost by day
      </Typography>
      <CostSparkline
        values={days}
        label={`Direct cost by day of ${month}, to day ${days.length}`}
      />
    </>
  );
}

/**
 * The costs card of an entity's Overview tab: month to date, the change against the same days of
 * the previous month, a line of the month's daily direct cost, the riskiest budget, and a link to the
 * Cost tab.
 */
export function EntityCostCard() {
  const { entity } = useEntity();
  const classes = useStyles();
  const entityRef = stringifyEntityRef(entity);
  const finopsApi = useApi(finopsApiRef);
  const entityLink = useRouteRef(entityRouteRef)(entityRouteParams(entity));
  const costLink = `${entityLink}/${ENTITY_TAB_PATHS.cost}`;
  const budgetLink = `${entityLink}/${ENTITY_TAB_PATHS.budget}`;
  const costs = useAsync(
    () => finopsApi.getCosts(monthToDateQuery(entityRef)),
    [finopsApi, entityRef],
  );
  const budgets = useAsync(
    () => finopsApi.listBudgets({ entityRef }),
    [finopsApi, entityRef],
  );

  let body;
  if (costs.error) {
    body = (
      <Typography color="error" data-testid="finops-card-error">
        Could not load the costs: {errorMessage(costs.error)}
      </Typography>
    );
  } else if (!costs.value) {
    body = <Progress />;
  } else if (
    isEmpty(costs.value) &&
    Number(costs.value.comparison?.baselineTotal ?? 0) === 0
  ) {
    body = (
      <Typography color="textSecondary" data-testid="finops-card-empty">
        No cost data this month or last month. The{' '}
        <Link to={costLink}>Cost tab</Link> says how billing rows are mapped to{' '}
        {entity.metadata.name}.
      </Typography>
    );
  } else {
    const { currency, comparison } = costs.value;
    const through = comparison?.current.through;
    const days = dailyDirectCents(costs.value, through);
    body = (
      <>
        <Typography variant="caption" color="textSecondary">
          Month to date
          {through && ` (${cutDaysText({ ...comparison.current, through })})`},
          view {costs.value.view.name}
        </Typography>
        <Typography
          variant="h4"
          component="p"
          className={classes.total}
          data-testid="finops-card-total"
        >
          {formatMoney(comparison?.total ?? costs.value.total, currency)}
        </Typography>
        {comparison && (
          <CostChange
            comparison={comparison}
            currency={currency}
            testId="finops-card-change"
          />
        )}
        <Box className={classes.section}>
          <DailyLine days={days} month={costs.value.to} />
        </Box>
      </>
    );
  }

  let budgetLine;
  if (budgets.error) {
    budgetLine = (
      <Typography variant="body2" color="textSecondary">
        The budgets could not be loaded: {errorMessage(budgets.error)}
      </Typography>
    );
  } else if (budgets.value) {
    budgetLine = (
      <BudgetStatusLine budgets={budgets.value} budgetLink={budgetLink} />
    );
  }

  return (
    <InfoCard
      title="Costs"
      subheader={DateTime.utc().toFormat('LLLL yyyy')}
      deepLink={{ title: 'View costs', link: costLink }}
    >
      {body}
      {budgetLine && (
        <Box className={classes.section} data-testid="finops-card-budget">
          {budgetLine}
        </Box>
      )}
    </InfoCard>
  );
}
