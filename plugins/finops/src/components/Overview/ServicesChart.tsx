import { useTheme } from '@material-ui/core/styles';
import { OverviewResponse } from '@finops-backstage/plugin-finops-common';
import { ChartCard } from './ChartCard';
import { DonutChart } from './DonutChart';
import { cloudLabel, paletteOf } from './overviewData';

/** Props of {@link ServicesChart}. */
export interface ServicesChartProps {
  overview: OverviewResponse;
}

/** The ten services that cost the most, as a donut. */
export function ServicesChart(props: ServicesChartProps) {
  const { overview } = props;
  const theme = useTheme();
  const palette = paletteOf(theme);
  const data = overview.topServices.slice(0, 10).map((service, index) => ({
    name: `${service.service} (${cloudLabel(service.provider)})`,
    cost: Number(service.cost),
    colour: palette[index % palette.length],
  }));
  return (
    <ChartCard
      title="Services"
      subheader="The ten largest"
      empty={data.length === 0}
    >
      <DonutChart data={data} currency={overview.currency} />
    </ChartCard>
  );
}
