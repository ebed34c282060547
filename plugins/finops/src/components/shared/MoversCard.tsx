import { InfoCard } from '@backstage/core-components';
import { Box, Grid, Tooltip, Typography } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import {
  ComparedMover,
  ComparedMovers,
} from '@finops-backstage/plugin-finops-common';
import { DataColumn, DataTable } from './DataTable';
import { negated, signedMoney } from './changeFormat';
import { formatQuantity } from './format';

const useStyles = makeStyles(theme => ({
  up: { color: theme.palette.error.main },
  down: { color: theme.palette.success.main },
}));

/** What explains a mover most: more or less use, a price change, or a product new or gone. */
function causeOf(mover: ComparedMover): string {
  const parts = [
    { label: 'volume', amount: Math.abs(Number(mover.volumeEffect)) },
    { label: 'price', amount: Math.abs(Number(mover.priceEffect)) },
    { label: 'new', amount: Math.abs(Number(mover.addedCost)) },
    { label: 'gone', amount: Math.abs(Number(mover.removedCost)) },
  ].sort((a, b) => b.amount - a.amount);
  return parts[0].amount === 0 ? '–' : parts[0].label;
}

/** Props of {@link MoversCard}. */
export interface MoversCardProps {
  movers: ComparedMovers;
  currency: string;
  /** What the period is compared with, e.g. "vs Oct 1–31". */
  subheader: string;
}

/**
 * The products that moved most against the baseline, increases and decreases side by side, each
 * split into volume and price effects (and what is new or gone). The lists, the others and the
 * unattributed part add up to the difference, to the cent (the API's figures).
 */
export function MoversCard(props: MoversCardProps) {
  const { movers, currency, subheader } = props;
  const classes = useStyles();
  const money = (amount: string) => signedMoney(amount, currency);
  const columns: DataColumn<ComparedMover>[] = [
    {
      id: 'product',
      title: 'Product',
      sortValue: mover => mover.name,
      render: mover => (
        <Tooltip
          title={`${formatQuantity(
            mover.baselineQuantity,
            mover.unit,
          )} → ${formatQuantity(mover.quantity, mover.unit)}`}
        >
          <span>{mover.name}</span>
        </Tooltip>
      ),
    },
    {
      id: 'difference',
      title: 'Change',
      numeric: true,
      sortValue: mover => Number(mover.difference),
      render: mover => (
        <span
          className={Number(mover.difference) > 0 ? classes.up : classes.down}
        >
          {money(mover.difference)}
        </span>
      ),
    },
    {
      id: 'volume',
      title: 'Volume',
      numeric: true,
      sortValue: mover => Number(mover.volumeEffect),
      render: mover => money(mover.volumeEffect),
    },
    {
      id: 'price',
      title: 'Price',
      numeric: true,
      sortValue: mover => Number(mover.priceEffect),
      render: mover => money(mover.priceEffect),
    },
    {
      id: 'oneSided',
      title: 'New / gone',
      numeric: true,
      sortValue: mover => Number(mover.addedCost) - Number(mover.removedCost),
      render: mover =>
        Number(mover.addedCost) !== 0 || Number(mover.removedCost) !== 0
          ? `${money(mover.addedCost)} / ${money(negated(mover.removedCost))}`
          : '–',
    },
    {
      id: 'cause',
      title: 'Mostly',
      render: causeOf,
    },
  ];
  const list = (title: string, rows: ComparedMover[], testId: string) => (
    <Grid item xs={12} xl={6} data-testid={testId}>
      <Typography variant="subtitle2">{title}</Typography>
      {rows.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          None.
        </Typography>
      ) : (
        <DataTable
          aria-label={title}
          columns={columns}
          rows={rows}
          rowKey={mover => mover.productKey}
        />
      )}
    </Grid>
  );

  return (
    <InfoCard title="Top movers" subheader={subheader}>
      <Grid container spacing={3}>
        {list('Largest increases', movers.increases, 'finops-movers-up')}
        {list('Largest decreases', movers.decreases, 'finops-movers-down')}
      </Grid>
      <Box mt={2} data-testid="finops-movers-rest">
        <Typography variant="caption" color="textSecondary">
          {movers.others.count > 0 &&
            `${movers.others.count} other product${
              movers.others.count === 1 ? '' : 's'
            }: ${money(movers.others.difference)}. `}
          Not attributed to a product (indirect shares, rounding):{' '}
          {money(movers.unattributed)}.
        </Typography>
      </Box>
    </InfoCard>
  );
}
