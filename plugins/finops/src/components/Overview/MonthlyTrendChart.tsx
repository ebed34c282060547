import { OverviewResponse } from '@finops-backstage/plugin-finops-common';
import { partialMonthText } from '../shared/format';
import { BarsChart } from '../shared';
import { ChartCard } from './ChartCard';

/** Props of {@link MonthlyTrendChart}. */
export interface MonthlyTrendChartProps {
  overview: OverviewResponse;
}

/** The cost per month of the period; a month cut after `through` is marked partial. */
export function MonthlyTrendChart(props: MonthlyTrendChartProps) {
  const { overview } = props;
  const data = overview.monthly.map(month => ({
    name: partialMonthText(month.month, overview.through),
    cost: Number(month.cost),
  }));
  return (
    <ChartCard title="Monthly trend" empty={data.length === 0}>
      <BarsChart data={data} currency={overview.currency} />
    </ChartCard>
  );
}
