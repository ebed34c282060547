import { InfoCard, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  Box,
  Chip,
  Grid,
  LinearProgress,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Typography,
} from '@material-ui/core';
import { alpha, useTheme } from '@material-ui/core/styles';
import useAsync from 'react-use/esm/useAsync';
import { DateTime } from 'luxon';
import { BudgetThresholdStatus } from '@finops-backstage/plugin-finops-common';
import { BudgetWithStatus, finopsApiRef } from '../../api';
import { formatMoney, TableHeadRow } from '../shared';
import { BudgetActions } from './BudgetActions';
import { BudgetChart } from './BudgetChart';
import { RiskFlag } from './RiskFlag';
import { PERIOD_NAMES, formatPercent, isAtRisk } from './budgetFormat';

/** Props of {@link BudgetCard}. */
export interface BudgetCardProps {
  budget: BudgetWithStatus;
  /** Called after the budget was edited or deleted. */
  onChanged: () => void;
}

function Figure(props: { label: string; value: string; testId: string }) {
  return (
    <Box mr={4} mb={1}>
      <Typography variant="caption" color="textSecondary">
        {props.label}
      </Typography>
      <Typography variant="h6" data-testid={props.testId}>
        {props.value}
      </Typography>
    </Box>
  );
}

function ThresholdChip(props: { threshold: BudgetThresholdStatus }) {
  const { threshold } = props;
  const theme = useTheme();
  let state = 'not crossed';
  let color: string | undefined;
  if (threshold.crossedByActual) {
    state = 'crossed';
    color = theme.palette.error.main;
  } else if (threshold.crossedByForecast) {
    state = 'forecast to cross';
    color = theme.palette.warning.main;
  }
  return (
    <Chip
      size="small"
      variant={color ? 'default' : 'outlined'}
      style={color ? { backgroundColor: color, color: '#fff' } : undefined}
      label={`${formatPercent(threshold.percent)}: ${state}`}
    />
  );
}

function AlertHistory(props: { budgetId: string; currency: string }) {
  const finopsApi = useApi(finopsApiRef);
  const alerts = useAsync(
    () => finopsApi.getBudgetAlerts(props.budgetId),
    [finopsApi, props.budgetId],
  );
  if (alerts.error) {
    return (
      <ResponseErrorPanel
        error={alerts.error}
        title="Could not load the alerts"
      />
    );
  }
  if (!alerts.value) {
    return <LinearProgress aria-label="Loading alerts" />;
  }
  if (alerts.value.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No alert yet.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Alert history">
      <TableHeadRow
        headings={[
          'When',
          'Threshold',
          'By',
          { right: 'Actual' },
          { right: 'Forecast' },
        ]}
      />
      <TableBody>
        {alerts.value.map(alert => (
          <TableRow key={alert.id}>
            <TableCell>
              {DateTime.fromISO(alert.at).toFormat('yyyy-MM-dd HH:mm')}
            </TableCell>
            <TableCell>{formatPercent(alert.threshold)}</TableCell>
            <TableCell>{alert.kind}</TableCell>
            <TableCell align="right">
              {formatMoney(alert.actual, props.currency)}
            </TableCell>
            <TableCell align="right">
              {alert.forecast
                ? formatMoney(alert.forecast, props.currency)
                : ''}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** One budget of an entity: gauge, actual vs budget vs forecast, burn rate, thresholds, alerts. */
export function BudgetCard(props: BudgetCardProps) {
  const { budget, onChanged } = props;
  const { status, currency } = budget;
  const theme = useTheme();
  const used = Number(status.percentUsed);
  const over = Number(status.variance) > 0;
  const testId = (what: string) => `budget-${budget.id}-${what}`;
  return (
    <InfoCard
      title={budget.name}
      subheader={`${PERIOD_NAMES[budget.period]} · ${formatMoney(
        budget.amount,
        currency,
      )} · view ${budget.view} · ${status.periodStart} to ${status.periodEnd}`}
      action={<BudgetActions budget={budget} onChanged={onChanged} />}
    >
      <Box data-testid={`budget-${budget.id}`}>
        {isAtRisk(budget) && (
          <Box
            mb={2}
            px={1.5}
            py={1}
            borderRadius={4}
            style={{
              border: `1px solid ${theme.palette.warning.main}`,
              background: alpha(theme.palette.warning.main, 0.08),
            }}
            role="status"
            aria-label="Budget at risk"
          >
            <RiskFlag budget={budget} withText />
          </Box>
        )}
        <Box display="flex" alignItems="center" mb={2}>
          <Box flexGrow={1} mr={2}>
            <LinearProgress
              variant="determinate"
              value={Math.min(used, 100)}
              aria-label={`${formatPercent(
                status.percentUsed,
              )} of the budget used`}
              color={used >= 100 ? 'secondary' : 'primary'}
              style={{ height: 10, borderRadius: 5 }}
            />
          </Box>
          <Typography variant="body1" data-testid={testId('percent-used')}>
            {formatPercent(status.percentUsed)} used
          </Typography>
        </Box>
        <Box display="flex" flexWrap="wrap">
          <Figure
            label={`Actual to ${status.asOf}`}
            value={formatMoney(status.actual, currency)}
            testId={testId('actual')}
          />
          <Figure
            label="Budget"
            value={formatMoney(status.amount, currency)}
            testId={testId('amount')}
          />
          <Figure
            label="Forecast at period end"
            value={formatMoney(status.forecast, currency)}
            testId={testId('forecast')}
          />
          <Figure
            label="Burn rate"
            value={`${formatMoney(status.burnRatePerDay, currency)} / day`}
            testId={testId('burn-rate')}
          />
          <Figure
            label="Days left at this rate"
            value={status.daysLeft === null ? '—' : String(status.daysLeft)}
            testId={testId('days-left')}
          />
          <Box mr={4} mb={1}>
            <Typography variant="caption" color="textSecondary">
              Forecast vs budget
            </Typography>
            <Typography
              variant="h6"
              data-testid={testId('variance')}
              style={{
                color: over
                  ? theme.palette.error.main
                  : theme.palette.success.main,
              }}
            >
              {over ? '+' : ''}
              {formatMoney(status.variance, currency)}
            </Typography>
          </Box>
        </Box>
        <Grid container spacing={2}>
          <Grid item xs={12} md={8}>
            <BudgetChart status={status} currency={currency} />
          </Grid>
          <Grid item xs={12} md={4}>
            <Typography variant="subtitle2" gutterBottom>
              Thresholds
            </Typography>
            <Box display="flex" flexWrap="wrap" style={{ gap: 8 }} mb={2}>
              {status.thresholds.map(threshold => (
                <ThresholdChip key={threshold.percent} threshold={threshold} />
              ))}
            </Box>
            <Typography variant="subtitle2" gutterBottom>
              Alert history
            </Typography>
            <AlertHistory budgetId={budget.id} currency={currency} />
          </Grid>
        </Grid>
      </Box>
    </InfoCard>
  );
}
