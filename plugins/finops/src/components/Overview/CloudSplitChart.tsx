import { OverviewResponse } from '@finops-backstage/plugin-finops-common';
import { ChartCard } from './ChartCard';
import { DonutChart } from './DonutChart';
import { cloudLabel, seriesColours } from '../shared';

/** Props of {@link CloudSplitChart}. */
export interface CloudSplitChartProps {
  overview: OverviewResponse;
}

/** The cost per cloud provider, as a donut. */
export function CloudSplitChart(props: CloudSplitChartProps) {
  const { overview } = props;
  const colours = seriesColours(overview.byCloud.map(slice => slice.key));
  const data = overview.byCloud.map(slice => ({
    name: cloudLabel(slice.key),
    cost: Number(slice.cost),
    colour: colours.get(slice.key)!,
  }));
  return (
    <ChartCard title="Cloud split" empty={data.length === 0}>
      <DonutChart data={data} currency={overview.currency} />
    </ChartCard>
  );
}
