import { useTheme } from '@material-ui/core/styles';
import { OverviewResponse } from '@finops-backstage/plugin-finops-common';
import { BarsChart } from '../shared';
import { ChartCard } from './ChartCard';
import { costByWeekday } from './overviewData';

/** Props of {@link WeekdayChart}. */
export interface WeekdayChartProps {
  overview: OverviewResponse;
}

/** The cost per day of the week, Monday to Sunday, the weekend highlighted. */
export function WeekdayChart(props: WeekdayChartProps) {
  const { overview } = props;
  const theme = useTheme();
  const data = costByWeekday(overview.daily).map(day => ({
    name: day.weekday,
    cost: day.cost,
    colour: day.weekend
      ? theme.palette.secondary.main
      : theme.palette.primary.main,
  }));
  return (
    <ChartCard
      title="Weekdays"
      subheader={`Summed per day of the week; weekend share ${overview.weekendShare}%`}
      empty={overview.daily.length === 0}
    >
      <BarsChart data={data} currency={overview.currency} />
    </ChartCard>
  );
}
