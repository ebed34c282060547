import { useTheme } from '@material-ui/core/styles';
import { Bar, BarChart, Cell, ResponsiveContainer } from 'recharts';
import { moneyBarFrame } from './moneyBarFrame';

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
  const height = horizontal ? Math.max(160, data.length * 32 + 40) : 260;
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart data={data} layout={horizontal ? 'vertical' : 'horizontal'}>
        {moneyBarFrame(theme, currency, { categoryKey: 'name', horizontal })}
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
