import { InfoCard } from '@backstage/core-components';
import { Typography } from '@material-ui/core';
import { useTheme } from '@material-ui/core/styles';
import { CostResponse } from '@internal/plugin-finops-common';
import {
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatMoney } from '../shared';
import { directByDay } from './chartData';
import { chartStyles } from './chartTheme';

/** Props of {@link DailyDirectChart}. */
export interface DailyDirectChartProps {
  /** Costs by domain and day. */
  costs: CostResponse;
}

/** A line of the DIRECT costs per day (indirect shares are monthly, so they are left out). */
export function DailyDirectChart(props: DailyDirectChartProps) {
  const { costs } = props;
  const theme = useTheme();
  const styles = chartStyles(theme);
  const hasDirect = costs.rows.some(row => row.mode === 'DIRECT');
  const data = directByDay(costs.rows, costs.from, costs.to);

  return (
    <InfoCard title="Direct cost by day">
      {!hasDirect ? (
        <Typography color="textSecondary">
          No direct cost in this period.
        </Typography>
      ) : (
        <ResponsiveContainer width="100%" height={240}>
          <LineChart data={data}>
            <CartesianGrid strokeDasharray="3 3" stroke={styles.grid} />
            <XAxis
              dataKey="day"
              tick={styles.tick}
              axisLine={styles.axisLine}
              minTickGap={24}
            />
            <YAxis
              tickFormatter={(value: number) =>
                formatMoney(String(value), costs.currency, { compact: true })
              }
              tick={styles.tick}
              axisLine={styles.axisLine}
              width={70}
            />
            <Tooltip
              {...styles.tooltip}
              formatter={(value: number) =>
                formatMoney(value.toFixed(2), costs.currency)
              }
            />
            <Line
              type="monotone"
              dataKey="cost"
              name="Direct cost"
              stroke={theme.palette.primary.main}
              dot={false}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      )}
    </InfoCard>
  );
}
