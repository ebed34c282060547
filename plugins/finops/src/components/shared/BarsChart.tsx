import { useTheme } from '@material-ui/core/styles';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { chartStyles } from './chartStyles';
import { formatMoney } from './format';

/** Props of {@link BarsChart}. */
export interface BarsChartProps {
  data: Array<{ name: string; cost: number; colour?: string }>;
  currency: string;
  /** Horizontal bars (long names on the vertical axis) instead of columns. */
  horizontal?: boolean;
}

/** Bars of amounts, one per name, in the theme's primary colour unless a bar has its own. */
export function BarsChart(props: BarsChartProps) {
  const { data, currency, horizontal } = props;
  const theme = useTheme();
  const styles = chartStyles(theme);
  const money = (value: number) =>
    formatMoney(String(value), currency, { compact: true });
  const height = horizontal ? Math.max(160, data.length * 32 + 40) : 260;
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart data={data} layout={horizontal ? 'vertical' : 'horizontal'}>
        <CartesianGrid strokeDasharray="3 3" stroke={styles.grid} />
        {horizontal ? (
          <>
            <XAxis
              type="number"
              tickFormatter={money}
              tick={styles.tick}
              axisLine={styles.axisLine}
            />
            <YAxis
              type="category"
              dataKey="name"
              tick={styles.tick}
              axisLine={styles.axisLine}
              width={160}
            />
          </>
        ) : (
          <>
            <XAxis
              dataKey="name"
              tick={styles.tick}
              axisLine={styles.axisLine}
            />
            <YAxis
              tickFormatter={money}
              tick={styles.tick}
              axisLine={styles.axisLine}
              width={70}
            />
          </>
        )}
        <Tooltip
          {...styles.tooltip}
          cursor={{ fill: theme.palette.action.hover }}
          formatter={(value: number) => formatMoney(value.toFixed(2), currency)}
        />
        <Bar
          dataKey="cost"
          name="Cost"
          fill={theme.palette.primary.main}
          isAnimationActive={false}
        >
          {data.map(entry => (
            <Cell
              key={entry.name}
              fill={entry.colour ?? theme.palette.primary.main}
            />
          ))}
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}
