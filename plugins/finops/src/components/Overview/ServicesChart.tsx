import { OverviewResponse } from '@finops-backstage/plugin-finops-common';
import { ChartCard } from './ChartCard';
import { DonutChart } from './DonutChart';
import { cloudLabel, serviceLabel, seriesColours } from '../shared';

/** Props of {@link ServicesChart}. */
export interface ServicesChartProps {
  overview: OverviewResponse;
}

/** The ten services that cost the most, as a donut. */
export function ServicesChart(props: ServicesChartProps) {
  const { overview } = props;
  const services = overview.topServices.slice(0, 10);
  const keyOf = (service: (typeof services)[number]) =>
    `${service.provider}/${service.service}`;
  const colours = seriesColours(services.map(keyOf));
  const data = services.map(service => ({
    name: `${serviceLabel(service.service)} (${cloudLabel(service.provider)})`,
    cost: Number(service.cost),
    colour: colours.get(keyOf(service))!,
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
