import { useTheme } from '@material-ui/core/styles';
import { BudgetStatus } from '@finops-backstage/plugin-finops-common';
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { chartStyles, formatMoney } from '../shared';
import { intervalText } from './budgetFormat';

/** Props of {@link BudgetChart}. */
export interface BudgetChartProps {
  status: BudgetStatus;
  currency: string;
}

/** Cumulative actual cost by day, the forecast's path to period end with its interval, and the budget line. */
export function BudgetChart(props: BudgetChartProps) {
  const { status, currency } = props;
  const theme = useTheme();
  const styles = chartStyles(theme);
  const number = (value?: string) =>
    value === undefined ? undefined : Number(value);
  const data = status.series.map(point => ({
    day: point.day,
    actual: number(point.actual),
    forecast: number(point.forecast),
    interval:
      point.low !== undefined && point.high !== undefined
        ? [Number(point.low), Number(point.high)]
        : undefined,
  }));
  const money = (value: number) =>
    formatMoney(String(value), currency, { compact: true });
  return (
    <ResponsiveContainer width="100%" height={240}>
      <ComposedChart data={data}>
        <CartesianGrid strokeDasharray="3 3" stroke={styles.grid} />
        <XAxis
          dataKey="day"
          tick={styles.tick}
          axisLine={styles.axisLine}
          minTickGap={24}
        />
        <YAxis
          tick={styles.tick}
          axisLine={styles.axisLine}
          tickFormatter={money}
          width={72}
        />
        <Tooltip
          {...styles.tooltip}
          formatter={(value: number | number[]) =>
            Array.isArray(value)
              ? intervalText(value[0], value[1], currency)
              : formatMoney(String(value), currency)
          }
        />
        <Legend wrapperStyle={styles.legend} />
        <Area
          dataKey="interval"
          name="Forecast interval"
          stroke="none"
          fill={theme.palette.info.light}
          fillOpacity={0.3}
          isAnimationActive={false}
        />
        <Line
          dataKey="actual"
          name="Actual"
          stroke={theme.palette.primary.main}
          dot={false}
          strokeWidth={2}
          isAnimationActive={false}
        />
        <Line
          dataKey="forecast"
          name="Forecast"
          stroke={theme.palette.info.main}
          strokeDasharray="6 4"
          dot={false}
          strokeWidth={2}
          isAnimationActive={false}
        />
        <ReferenceLine
          y={Number(status.amount)}
          stroke={theme.palette.error.main}
          label={{
            value: 'Budget',
            position: 'insideTopLeft',
            fill: theme.palette.text.secondary,
          }}
        />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
