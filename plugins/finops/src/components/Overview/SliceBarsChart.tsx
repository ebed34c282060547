import { OverviewSlice } from '@finops-backstage/plugin-finops-common';
import { BarsChart, labelOf, seriesColours } from '../shared';
import { ChartCard } from './ChartCard';

/** Props of {@link SliceBarsChart}. */
export interface SliceBarsChartProps {
  title: string;
  slices: OverviewSlice[];
  currency: string;
  /** How many slices to draw; default 10. */
  limit?: number;
}

/** Horizontal bars of the largest slices of one dimension (categories, accounts). */
export function SliceBarsChart(props: SliceBarsChartProps) {
  const { title, slices, currency, limit = 10 } = props;
  const shown = slices.slice(0, limit);
  const colours = seriesColours(shown.map(slice => slice.key));
  const data = shown.map(slice => ({
    name: labelOf(slice.key, slice.label),
    cost: Number(slice.cost),
    colour: colours.get(slice.key),
  }));
  return (
    <ChartCard
      title={title}
      subheader={
        slices.length > shown.length
          ? `The ${shown.length} largest of ${slices.length}`
          : undefined
      }
      empty={data.length === 0}
    >
      <BarsChart data={data} currency={currency} horizontal />
    </ChartCard>
  );
}
