import { useTheme } from '@material-ui/core/styles';
import { OverviewResponse } from '@finops-backstage/plugin-finops-common';
import { Area } from 'recharts';
import { DailyChart } from '../shared';
import { ChartCard } from './ChartCard';

/** Props of {@link DailyTrendChart}. */
export interface DailyTrendChartProps {
  overview: OverviewResponse;
}

/**
 * The cost per day over the period: usage and recurring monthly charges (indirect shares, fees
 * metered in a currency, booked on the 1st) as two stacked areas, so the 1st's charges do not
 * read as a spike of usage.
 */
export function DailyTrendChart(props: DailyTrendChartProps) {
  const { overview } = props;
  const theme = useTheme();
  const data = overview.daily.map(day => ({
    day: day.day,
    usage: Number(day.usage),
    charges: Number(day.charges),
  }));
  return (
    <ChartCard title="Daily trend" empty={data.length === 0}>
      <DailyChart
        data={data}
        currency={overview.currency}
        height={280}
        kind="area"
        legend
      >
        <Area
          type="monotone"
          dataKey="usage"
          name="Usage"
          stackId="day"
          stroke={theme.palette.primary.main}
          fill={theme.palette.primary.main}
          fillOpacity={0.2}
          isAnimationActive={false}
        />
        <Area
          type="step"
          dataKey="charges"
          name="Monthly charges"
          stackId="day"
          stroke={theme.palette.secondary.main}
          fill={theme.palette.secondary.main}
          fillOpacity={0.2}
          isAnimationActive={false}
        />
      </DailyChart>
    </ChartCard>
  );
}
