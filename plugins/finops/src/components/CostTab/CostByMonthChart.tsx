import { InfoCard } from '@backstage/core-components';
import { Button, ButtonGroup, Typography } from '@material-ui/core';
import { useTheme } from '@material-ui/core/styles';
import {
  CostResponse,
  monthsBetween,
} from '@finops-backstage/plugin-finops-common';
import { Bar, BarChart, Legend, ResponsiveContainer } from 'recharts';
import {
  chartStyles,
  formatMoney,
  labelOf,
  moneyBarFrame,
  otherColour,
  seriesColours,
} from '../shared';
import { OTHER_SERIES, seriesTotals, stackByPeriod } from './chartData';
import { CHART_GROUP_BYS, ChartGroupBy } from './costsQuery';

const GROUP_BY_LABELS: Record<ChartGroupBy, string> = {
  domain: 'Domain',
  family: 'Family',
  product: 'Product',
};

/** The largest series drawn; the others add up in "Other". */
const MAX_SERIES = 9;

/** Props of {@link CostByMonthChart}. */
export interface CostByMonthChartProps {
  /** Costs by month, grouped by `groupBy`. */
  costs: CostResponse;
  groupBy: ChartGroupBy;
  onGroupByChange: (groupBy: ChartGroupBy) => void;
}

/** Monthly stacked bars of the costs, split by domain, family or product; the legend gives each series' total over the period. */
export function CostByMonthChart(props: CostByMonthChartProps) {
  const { costs, groupBy, onGroupByChange } = props;
  const theme = useTheme();
  const styles = chartStyles(theme);
  const { data, series } = stackByPeriod(
    costs.rows,
    monthsBetween(costs.from, costs.to),
    MAX_SERIES,
  );
  const colours = seriesColours(series.map(item => item.key));
  const totals = seriesTotals(costs.rows, series);

  return (
    <InfoCard
      title="Cost by month"
      action={
        <ButtonGroup size="small" aria-label="Split by">
          {CHART_GROUP_BYS.map(choice => (
            <Button
              key={choice}
              color="primary"
              variant={choice === groupBy ? 'contained' : 'outlined'}
              aria-pressed={choice === groupBy}
              onClick={() => onGroupByChange(choice)}
            >
              {GROUP_BY_LABELS[choice]}
            </Button>
          ))}
        </ButtonGroup>
      }
    >
      {series.length === 0 ? (
        <Typography color="textSecondary">
          No priced cost in this period.
        </Typography>
      ) : (
        <ResponsiveContainer width="100%" height={320}>
          <BarChart data={data}>
            {moneyBarFrame(theme, costs.currency, { categoryKey: 'period' })}
            <Legend
              wrapperStyle={styles.legend}
              formatter={(label, entry) => {
                const key = String(entry.dataKey);
                return (
                  // The swatch carries the series' colour; the text stays readable in both themes.
                  <span
                    data-testid={`finops-series-${key}`}
                    style={{ color: theme.palette.text.primary }}
                  >
                    {label}{' '}
                    {formatMoney(totals.get(key) ?? '0', costs.currency)}
                  </span>
                );
              }}
            />
            {series.map(item => (
              <Bar
                key={item.key}
                dataKey={item.key}
                name={
                  item.key === OTHER_SERIES
                    ? item.label
                    : labelOf(item.key, item.label)
                }
                stackId="cost"
                fill={
                  item.key === OTHER_SERIES
                    ? otherColour(theme)
                    : colours.get(item.key)
                }
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      )}
    </InfoCard>
  );
}
