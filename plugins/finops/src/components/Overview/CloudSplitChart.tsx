import { useTheme } from '@material-ui/core/styles';
import { OverviewResponse } from '@finops-backstage/plugin-finops-common';
import { ChartCard } from './ChartCard';
import { DonutChart } from './DonutChart';
import { cloudColour, cloudLabel } from './overviewData';

/** Props of {@link CloudSplitChart}. */
export interface CloudSplitChartProps {
  overview: OverviewResponse;
}

/** The cost per cloud provider, as a donut. */
export function CloudSplitChart(props: CloudSplitChartProps) {
  const { overview } = props;
  const theme = useTheme();
  const data = overview.byCloud.map((slice, index) => ({
    name: cloudLabel(slice.key),
    cost: Number(slice.cost),
    colour: cloudColour(slice.key, index, theme),
  }));
  return (
    <ChartCard title="Cloud split" empty={data.length === 0}>
      <DonutChart data={data} currency={overview.currency} />
    </ChartCard>
  );
}
