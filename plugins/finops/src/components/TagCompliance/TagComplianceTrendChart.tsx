import { useTheme } from '@material-ui/core/styles';
import { TagComplianceReport } from '@finops-backstage/plugin-finops-common';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { chartStyles, formatMoney } from '../shared';
import { ChartCard } from '../Overview/ChartCard';

/** Props of {@link TagComplianceTrendChart}. */
export interface TagComplianceTrendChartProps {
  report: TagComplianceReport;
}

/** The compliant share and the unallocated cost month over month, up to the report's month. */
export function TagComplianceTrendChart(props: TagComplianceTrendChartProps) {
  const { report } = props;
  const theme = useTheme();
  const styles = chartStyles(theme);
  // Numbers for drawing only; a month without cost has no compliant share, not 0 %.
  const data = report.trend.map(month => ({
    month: month.month,
    compliant:
      month.compliantPercent === null ? null : Number(month.compliantPercent),
    unallocated: Number(month.unallocatedCost),
  }));
  return (
    <ChartCard
      title="Trend"
      subheader="Compliant share and unallocated cost by month"
      empty={data.length === 0}
    >
      <ResponsiveContainer width="100%" height={260}>
        <LineChart data={data}>
          <CartesianGrid strokeDasharray="3 3" stroke={styles.grid} />
          <XAxis
            dataKey="month"
            tick={styles.tick}
            axisLine={styles.axisLine}
          />
          <YAxis
            yAxisId="percent"
            domain={[0, 100]}
            tickFormatter={(value: number) => `${value}%`}
            tick={styles.tick}
            axisLine={styles.axisLine}
            width={48}
          />
          <YAxis
            yAxisId="cost"
            orientation="right"
            tickFormatter={(value: number) =>
              formatMoney(String(value), report.currency, { compact: true })
            }
            tick={styles.tick}
            axisLine={styles.axisLine}
            width={70}
          />
          <Tooltip
            {...styles.tooltip}
            formatter={(value: number, name: string) =>
              name === 'Compliant'
                ? `${value.toFixed(2)}%`
                : formatMoney(value.toFixed(2), report.currency)
            }
          />
          <Legend wrapperStyle={styles.legend} />
          <Line
            yAxisId="percent"
            type="monotone"
            dataKey="compliant"
            name="Compliant"
            stroke={theme.palette.success.main}
            strokeWidth={2}
            dot
            isAnimationActive={false}
          />
          <Line
            yAxisId="cost"
            type="monotone"
            dataKey="unallocated"
            name="Unallocated"
            stroke={theme.palette.error.main}
            strokeDasharray="5 3"
            dot
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}
