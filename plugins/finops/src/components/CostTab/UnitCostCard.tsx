import { useState } from 'react';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { Grid, MenuItem, TextField, Typography } from '@material-ui/core';
import { useTheme } from '@material-ui/core/styles';
import {
  BusinessMetricSummary,
  UnitCostsResponse,
} from '@finops-backstage/plugin-finops-common';
import useAsync from 'react-use/esm/useAsync';
import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { finopsApiRef } from '../../api';
import { chartStyles, formatMoney, MonthRange } from '../shared';
import { signedMoney } from '../shared/changeFormat';
import { useChangeClass } from './CostChange';
import {
  completeMonthsOf,
  formatCostPerUnit,
  formatMetricValue,
} from './unitCostFormat';

/** Props of {@link UnitCostCard}. */
export interface UnitCostCardProps {
  entityRef: string;
  /** The tab's period and view. */
  range: MonthRange;
  view: string;
}

/**
 * "Cost per unit": the entity's cost divided by a business metric (orders, payments, searches),
 * month by month beside the metric, and the change split into "we did more" (volume) and "each
 * unit cost more" (efficiency). A grid item of the tab, shown only when the entity has a metric.
 */
export function UnitCostCard(props: UnitCostCardProps) {
  const { entityRef } = props;
  const finopsApi = useApi(finopsApiRef);
  const metrics = useAsync(
    async () => (await finopsApi.listBusinessMetrics({ entityRef })).items,
    [finopsApi, entityRef],
  );
  if (metrics.error) {
    return (
      <Grid item xs={12}>
        <InfoCard title="Cost per unit">
          <ResponseErrorPanel
            error={metrics.error}
            title="Could not load the business metrics"
          />
        </InfoCard>
      </Grid>
    );
  }
  // Nothing while the list loads, nor for an entity without a metric.
  if (!metrics.value || metrics.value.length === 0) {
    return null;
  }
  return (
    <Grid item xs={12}>
      <UnitCostContent {...props} metrics={metrics.value} />
    </Grid>
  );
}

function UnitCostContent(
  props: UnitCostCardProps & { metrics: BusinessMetricSummary[] },
) {
  const { entityRef, view, metrics } = props;
  const finopsApi = useApi(finopsApiRef);
  const [metric, setMetric] = useState(metrics[0].metric);
  const range = completeMonthsOf(props.range);
  const answer = useAsync(
    async () =>
      range
        ? finopsApi.getUnitCosts({ entityRef, metric, view, ...range })
        : undefined,
    [finopsApi, entityRef, metric, view, range?.from, range?.to],
  );

  let body;
  if (!range) {
    body = (
      <Typography color="textSecondary">
        The period holds no complete month yet: the cost per unit of the current
        month is shown once it is over.
      </Typography>
    );
  } else if (answer.error) {
    body = (
      <ResponseErrorPanel
        error={answer.error}
        title="Could not load the cost per unit"
      />
    );
  } else if (answer.loading || !answer.value) {
    body = <Progress />;
  } else if (answer.value.periods.every(p => p.value === undefined)) {
    body = (
      <Typography color="textSecondary" data-testid="finops-unit-cost-empty">
        No {metric} values from {range.from} to {range.to}.
      </Typography>
    );
  } else {
    body = <UnitCostFigures answer={answer.value} />;
  }

  return (
    <InfoCard
      title="Cost per unit"
      subheader={range && `${range.from} to ${range.to}, complete months`}
      action={
        metrics.length > 1 ? (
          <TextField
            select
            size="small"
            label="Metric"
            value={metric}
            onChange={event => setMetric(event.target.value)}
          >
            {metrics.map(item => (
              <MenuItem key={item.metric} value={item.metric}>
                {item.metric}
              </MenuItem>
            ))}
          </TextField>
        ) : undefined
      }
    >
      <div data-testid="finops-unit-cost-card">{body}</div>
    </InfoCard>
  );
}

function efficiencyWord(efficiency: string): string {
  const value = Number(efficiency);
  if (value > 0) return 'more';
  return value < 0 ? 'less' : 'the same';
}

function UnitCostFigures(props: { answer: UnitCostsResponse }) {
  const { answer } = props;
  const { currency, metric, change } = answer;
  const theme = useTheme();
  const styles = chartStyles(theme);
  const changeClass = useChangeClass();
  const last = [...answer.periods]
    .reverse()
    .find(period => period.costPerUnit !== undefined);
  const data = answer.periods.map(period => ({
    period: period.period,
    costPerUnit:
      period.costPerUnit === undefined ? undefined : Number(period.costPerUnit),
    value: period.value === undefined ? undefined : Number(period.value),
  }));
  const byPeriod = new Map(answer.periods.map(p => [p.period, p]));

  return (
    <>
      {last && (
        <Typography variant="body1">
          Cost per {metric.unit} in {last.period}:{' '}
          <strong data-testid="finops-unit-cost-latest">
            {formatCostPerUnit(last.costPerUnit!, currency)}
          </strong>{' '}
          ({formatMoney(last.cost, currency)} for{' '}
          {formatMetricValue(last.value!)} {metric.key})
        </Typography>
      )}
      <ResponsiveContainer width="100%" height={280}>
        <ComposedChart data={data}>
          <CartesianGrid strokeDasharray="3 3" stroke={styles.grid} />
          <XAxis
            dataKey="period"
            tick={styles.tick}
            axisLine={styles.axisLine}
          />
          <YAxis
            yAxisId="cost"
            tick={styles.tick}
            axisLine={styles.axisLine}
            width={80}
            tickFormatter={(value: number) =>
              formatCostPerUnit(String(value), currency)
            }
          />
          <YAxis
            yAxisId="value"
            orientation="right"
            tick={styles.tick}
            axisLine={styles.axisLine}
            width={70}
            tickFormatter={(value: number) =>
              new Intl.NumberFormat('en-US', { notation: 'compact' }).format(
                value,
              )
            }
          />
          <Tooltip
            {...styles.tooltip}
            formatter={(_value: number, name: string, item: any) => {
              const period = byPeriod.get(item.payload.period);
              if (item.dataKey === 'costPerUnit') {
                return [
                  period?.costPerUnit
                    ? formatCostPerUnit(period.costPerUnit, currency)
                    : '–',
                  name,
                ];
              }
              return [
                period?.value ? formatMetricValue(period.value) : '–',
                name,
              ];
            }}
          />
          <Legend wrapperStyle={styles.legend} />
          <Bar
            yAxisId="value"
            dataKey="value"
            name={metric.key}
            fill={theme.palette.action.disabled}
            isAnimationActive={false}
          />
          <Line
            yAxisId="cost"
            dataKey="costPerUnit"
            name={`Cost per ${metric.unit}`}
            stroke={theme.palette.primary.main}
            strokeWidth={2}
            connectNulls={false}
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
      {change ? (
        <div data-testid="finops-unit-cost-change">
          <Typography variant="body2">
            From {change.from} to {change.to} the cost changed by{' '}
            <span
              className={changeClass(change.cost.difference)}
              data-testid="finops-unit-cost-difference"
            >
              {signedMoney(change.cost.difference, currency)}
            </span>
            :
          </Typography>
          <Typography variant="body2" component="ul">
            <li>
              We did more ({metric.key} {formatMetricValue(change.value.first)}{' '}
              → {formatMetricValue(change.value.last)}):{' '}
              <span
                className={changeClass(change.volume)}
                data-testid="finops-unit-cost-volume"
              >
                {signedMoney(change.volume, currency)}
              </span>
            </li>
            <li>
              Each {metric.unit} cost {efficiencyWord(change.efficiency)} (
              {formatCostPerUnit(change.costPerUnit.first, currency)} →{' '}
              {formatCostPerUnit(change.costPerUnit.last, currency)}):{' '}
              <span
                className={changeClass(change.efficiency)}
                data-testid="finops-unit-cost-efficiency"
              >
                {signedMoney(change.efficiency, currency)}
              </span>
            </li>
          </Typography>
        </div>
      ) : (
        answer.changeUnavailable && (
          <Typography variant="body2" color="textSecondary">
            {answer.changeUnavailable}
          </Typography>
        )
      )}
    </>
  );
}
