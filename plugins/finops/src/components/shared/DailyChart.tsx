import { ReactNode } from 'react';
import { useTheme } from '@material-ui/core/styles';
import {
  AreaChart,
  CartesianGrid,
  Legend,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { chartStyles } from './chartStyles';
import { formatMoney } from './format';

/** Props of {@link DailyChart}. */
export interface DailyChartProps {
  /** One point a day, the day (`YYYY-MM-DD`) under `day`, amounts as numbers for drawing. */
  data: Array<{ day: string }>;
  currency: string;
  height: number;
  /** `line` for `<Line>` series, `area` for `<Area>` series. */
  kind: 'line' | 'area';
  legend?: boolean;
  /** The series: recharts `<Line>` or `<Area>` elements reading keys of `data`. */
  children: ReactNode;
}

/** Amounts per day: the days along, money up and in the tooltip, the series given. */
export function DailyChart(props: DailyChartProps) {
  const { data, currency, height, kind, legend, children } = props;
  const styles = chartStyles(useTheme());
  const Chart = kind === 'area' ? AreaChart : LineChart;
  return (
    <ResponsiveContainer width="100%" height={height}>
      <Chart data={data}>
        <CartesianGrid strokeDasharray="3 3" stroke={styles.grid} />
        <XAxis
          dataKey="day"
          tick={styles.tick}
          axisLine={styles.axisLine}
          minTickGap={24}
        />
        <YAxis
          tickFormatter={(value: number) =>
            formatMoney(String(value), currency, { compact: true })
          }
          tick={styles.tick}
          axisLine={styles.axisLine}
          width={70}
        />
        <Tooltip
          {...styles.tooltip}
          formatter={(value: number) => formatMoney(value.toFixed(2), currency)}
        />
        {legend && <Legend />}
        {children}
      </Chart>
    </ResponsiveContainer>
  );
}
