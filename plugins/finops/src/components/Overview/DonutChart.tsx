import { useTheme } from '@material-ui/core/styles';
import {
  Cell,
  Legend,
  Pie,
  PieChart,
  ResponsiveContainer,
  Tooltip,
} from 'recharts';
import { chartStyles, formatMoney } from '../shared';

/** Props of {@link DonutChart}. */
export interface DonutChartProps {
  data: Array<{ name: string; cost: number; colour: string }>;
  currency: string;
}

/** A donut of amounts, with a legend and money tooltips. */
export function DonutChart(props: DonutChartProps) {
  const { data, currency } = props;
  const theme = useTheme();
  const styles = chartStyles(theme);
  return (
    <ResponsiveContainer width="100%" height={280}>
      <PieChart>
        <Pie
          data={data}
          dataKey="cost"
          nameKey="name"
          innerRadius="50%"
          outerRadius="80%"
          stroke={theme.palette.background.paper}
          isAnimationActive={false}
        >
          {data.map(entry => (
            <Cell key={entry.name} fill={entry.colour} />
          ))}
        </Pie>
        <Tooltip
          {...styles.tooltip}
          formatter={(value: number) => formatMoney(value.toFixed(2), currency)}
        />
        <Legend wrapperStyle={styles.legend} />
      </PieChart>
    </ResponsiveContainer>
  );
}
