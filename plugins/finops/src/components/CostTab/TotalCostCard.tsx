import { InfoCard } from '@backstage/core-components';
import { Box, Chip, Tooltip, Typography } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import { CostResponse } from '@finops-backstage/plugin-finops-common';
import { formatMoney } from '../shared';
import { partialMonthText, previousPeriodText } from '../shared/format';
import { negated, percentOf, signedMoney } from '../shared/changeFormat';
import { CostChange, useChangeClass } from './CostChange';

const useStyles = makeStyles(theme => ({
  total: { fontWeight: theme.typography.fontWeightBold as number },
  chips: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    margin: theme.spacing(1, 0),
  },
  effects: {
    display: 'grid',
    // Labels wrap in a narrow card; amounts keep their width and are never cut.
    gridTemplateColumns: 'minmax(0, 1fr) auto',
    columnGap: theme.spacing(3),
    rowGap: theme.spacing(0.5),
    marginTop: theme.spacing(1),
    '& > :nth-child(even)': {
      whiteSpace: 'nowrap',
      textAlign: 'right',
      fontVariantNumeric: 'tabular-nums',
    },
  },
  items: { margin: theme.spacing(0.5, 0, 0, 2), padding: 0 },
}));

/** How many one-sided items the card lists; the API lists up to 50. */
const ITEMS_SHOWN = 5;

/** Props of {@link TotalCostCard}. */
export interface TotalCostCardProps {
  /** The main answer: total, direct / indirect split and the chosen comparison (if any). */
  costs: CostResponse;
  /** Names of the pricing views by key. */
  viewNames: Record<string, string>;
}

/**
 * The total of the period and, when a comparison is chosen, the change and how it splits:
 * baseline + volume effect + price effect + added − removed = total, to the cent.
 */
export function TotalCostCard(props: TotalCostCardProps) {
  const { costs, viewNames } = props;
  const classes = useStyles();
  const { currency, comparison } = costs;
  const previous =
    comparison && comparison.baseline.view === costs.view.key
      ? comparison
      : undefined;
  const oneSided = comparison?.oneSided;
  const shown = oneSided?.items.slice(0, ITEMS_SHOWN) ?? [];
  const notShown =
    (oneSided?.items.length ?? 0) -
    shown.length +
    (oneSided?.omitted.count ?? 0);
  const changeClass = useChangeClass();

  return (
    <InfoCard
      title="Total cost"
      subheader={`${costs.from} to ${partialMonthText(
        costs.to,
        comparison?.current?.through,
      )}, view ${costs.view.name}`}
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
        <CostChange
          comparison={previous}
          currency={currency}
          testId="finops-change"
        />
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
              ? `the previous period (${previousPeriodText(
                  comparison.baseline,
                )})`
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
              {signedMoney(comparison.difference, currency)}
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
              {signedMoney(comparison.volumeEffect, currency)}
            </Typography>
            <Tooltip title="Σ q₁ · (p₁ − p₀): what changed because prices changed">
              <Typography variant="body2">Price effect</Typography>
            </Tooltip>
            <Typography variant="body2">
              {signedMoney(comparison.priceEffect, currency)}
            </Typography>
            <Tooltip title="Products and months priced only in this period or view: counted whole">
              <Typography variant="body2">Added (priced only here)</Typography>
            </Tooltip>
            <Typography variant="body2">
              {signedMoney(comparison.addedCost, currency)}
            </Typography>
            <Tooltip title="Products and months priced only in the baseline: counted whole">
              <Typography variant="body2">
                Removed (priced only in the baseline)
              </Typography>
            </Tooltip>
            <Typography variant="body2">
              {signedMoney(negated(comparison.removedCost), currency)}
            </Typography>
          </Box>
          {shown.length > 0 && (
            <Box data-testid="finops-one-sided" mt={1}>
              <Typography variant="caption" color="textSecondary">
                Priced on one side only
              </Typography>
              <ul className={classes.items}>
                {shown.map(item => (
                  <li key={`${item.side}:${item.productKey}:${item.month}`}>
                    <Typography variant="caption">
                      {item.name} ({item.month}):{' '}
                      {item.side === 'current'
                        ? signedMoney(item.amount, currency)
                        : signedMoney(negated(item.amount), currency)}
                    </Typography>
                  </li>
                ))}
                {notShown > 0 && (
                  <li>
                    <Typography variant="caption" color="textSecondary">
                      and {notShown} more
                    </Typography>
                  </li>
                )}
              </ul>
            </Box>
          )}
        </Box>
      )}
    </InfoCard>
  );
}
