import { InfoCard } from '@backstage/core-components';
import { Box, Chip, Tooltip, Typography } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import { CostResponse } from '@internal/plugin-finops-common';
import { formatMoney } from '../shared';

const useStyles = makeStyles(theme => ({
  total: { fontWeight: theme.typography.fontWeightBold as number },
  up: { color: theme.palette.error.main },
  down: { color: theme.palette.success.main },
  chips: {
    display: 'flex',
    gap: theme.spacing(1),
    margin: theme.spacing(1, 0),
  },
  effects: {
    display: 'grid',
    gridTemplateColumns: 'max-content max-content',
    columnGap: theme.spacing(3),
    rowGap: theme.spacing(0.5),
    marginTop: theme.spacing(1),
  },
}));

/** Props of {@link TotalCostCard}. */
export interface TotalCostCardProps {
  /** The main answer: total, direct / indirect split and the chosen comparison. */
  costs: CostResponse;
  /** An answer compared with the previous period, for the change shown under the total. */
  previous?: CostResponse['comparison'];
  /** Names of the pricing views by key. */
  viewNames: Record<string, string>;
}

function signed(amount: string, currency: string): string {
  const text = formatMoney(amount, currency);
  return Number(amount) > 0 ? `+${text}` : text;
}

/** The difference in percent of the baseline, for display; undefined when the baseline is 0. */
function percentOf(difference: string, baseline: string): string | undefined {
  const base = Number(baseline);
  if (base === 0) {
    return undefined;
  }
  const percent = (Number(difference) / base) * 100;
  return `${percent > 0 ? '+' : ''}${percent.toFixed(1)}%`;
}

/** The total of the period, its change versus the previous period and the chosen comparison. */
export function TotalCostCard(props: TotalCostCardProps) {
  const { costs, previous, viewNames } = props;
  const classes = useStyles();
  const { currency, comparison } = costs;
  const changeClass = (difference: string) => {
    const value = Number(difference);
    if (value > 0) return classes.up;
    if (value < 0) return classes.down;
    return undefined;
  };

  return (
    <InfoCard
      title="Total cost"
      subheader={`${costs.from} to ${costs.to}, view ${costs.view.name}`}
    >
      <Typography
        variant="h4"
        component="p"
        className={classes.total}
        data-testid="finops-total"
      >
        {formatMoney(costs.total, currency)}
      </Typography>
      {previous && (
        <Typography variant="body2" data-testid="finops-change">
          <span className={changeClass(previous.difference)}>
            {signed(previous.difference, currency)}
            {percentOf(previous.difference, previous.baselineTotal) &&
              ` (${percentOf(previous.difference, previous.baselineTotal)})`}
          </span>{' '}
          vs previous period ({previous.baseline.from} to {previous.baseline.to}
          : {formatMoney(previous.baselineTotal, currency)})
        </Typography>
      )}
      <Box className={classes.chips}>
        <Tooltip title="Measured consumption of DIRECT domains">
          <Chip
            color="primary"
            size="small"
            label={`Direct ${formatMoney(costs.direct, currency)}`}
          />
        </Tooltip>
        <Tooltip title="Shares of INDIRECT (shared) domains">
          <Chip
            color="secondary"
            size="small"
            label={`Indirect ${formatMoney(costs.indirect, currency)}`}
          />
        </Tooltip>
      </Box>
      {comparison && (
        <Box>
          <Typography variant="subtitle2">
            Compared with{' '}
            {comparison.baseline.view === costs.view.key
              ? `the previous period (${comparison.baseline.from} to ${comparison.baseline.to})`
              : `view ${
                  viewNames[comparison.baseline.view] ??
                  comparison.baseline.view
                }`}
          </Typography>
          <Box className={classes.effects} data-testid="finops-comparison">
            <Typography variant="body2">Baseline</Typography>
            <Typography variant="body2">
              {formatMoney(comparison.baselineTotal, currency)}
            </Typography>
            <Typography variant="body2">Difference</Typography>
            <Typography
              variant="body2"
              className={changeClass(comparison.difference)}
            >
              {signed(comparison.difference, currency)}
              {percentOf(comparison.difference, comparison.baselineTotal) &&
                ` (${percentOf(
                  comparison.difference,
                  comparison.baselineTotal,
                )})`}
            </Typography>
            <Tooltip title="Σ (q₁ − q₀) · p₀: what changed because quantities changed">
              <Typography variant="body2">Volume effect</Typography>
            </Tooltip>
            <Typography variant="body2">
              {signed(comparison.volumeEffect, currency)}
            </Typography>
            <Tooltip title="Σ q₁ · (p₁ − p₀): what changed because prices changed">
              <Typography variant="body2">Price effect</Typography>
            </Tooltip>
            <Typography variant="body2">
              {signed(comparison.priceEffect, currency)}
            </Typography>
          </Box>
        </Box>
      )}
    </InfoCard>
  );
}
