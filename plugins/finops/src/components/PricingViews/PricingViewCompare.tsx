import { useState } from 'react';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  Box,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import {
  PricingView,
  sumDecimals,
  toCents,
} from '@finops-backstage/plugin-finops-common';
import useAsync from 'react-use/esm/useAsync';
import { finopsApiRef } from '../../api';
import { formatMoney, monthRangeOf } from '../shared';

const useStyles = makeStyles(theme => ({
  pickers: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(2),
  },
  picker: { minWidth: 240 },
}));

/** `b - a` exactly, rounded to cents. */
function difference(a: string, b: string): string {
  const negated = a.startsWith('-') ? a.slice(1) : `-${a}`;
  return toCents(sumDecimals([b, negated]));
}

function signed(amount: string, currency: string): string {
  return `${amount.startsWith('-') ? '' : '+'}${formatMoney(amount, currency)}`;
}

/** Props of {@link PricingViewCompare}. */
export interface PricingViewCompareProps {
  views: PricingView[];
}

/** The whole estate over the last 12 months through two views: totals, difference, per category. */
export function PricingViewCompare(props: PricingViewCompareProps) {
  const { views } = props;
  const classes = useStyles();
  const finopsApi = useApi(finopsApiRef);
  const [left, setLeft] = useState(
    views.find(view => view.kind === 'actual')?.key ?? views[0]?.key ?? '',
  );
  const [right, setRight] = useState(
    views.find(view => view.key !== left)?.key ?? '',
  );
  const period = monthRangeOf('last-12');
  const { value, loading, error } = useAsync(async () => {
    if (!left || !right) {
      return undefined;
    }
    return Promise.all([
      finopsApi.getOverview({ view: left, ...period }),
      finopsApi.getOverview({ view: right, ...period }),
    ]);
  }, [finopsApi, left, right, period.from, period.to]);

  const picker = (
    id: string,
    label: string,
    key: string,
    set: (key: string) => void,
  ) => (
    <TextField
      select
      id={id}
      label={label}
      variant="outlined"
      size="small"
      className={classes.picker}
      value={key}
      SelectProps={{ native: true }}
      onChange={event => set(event.target.value)}
    >
      {views.map(view => (
        <option key={view.key} value={view.key}>
          {view.name} ({view.key})
        </option>
      ))}
    </TextField>
  );

  let body;
  if (loading) {
    body = <Progress />;
  } else if (error) {
    body = (
      <ResponseErrorPanel error={error} title="Could not compare the views" />
    );
  } else if (!value) {
    body = (
      <Typography color="textSecondary">Pick two views to compare.</Typography>
    );
  } else {
    const [a, b] = value;
    const categories = new Map<
      string,
      { label: string; a?: string; b?: string }
    >();
    for (const slice of a.byCategory) {
      categories.set(slice.key, {
        label: slice.label ?? slice.key,
        a: slice.cost,
      });
    }
    for (const slice of b.byCategory) {
      const entry = categories.get(slice.key) ?? {
        label: slice.label ?? slice.key,
      };
      categories.set(slice.key, { ...entry, b: slice.cost });
    }
    const mixed = a.currency !== b.currency;
    body = (
      <>
        {mixed && (
          <Typography color="error" paragraph>
            The views are in different currencies ({a.currency}, {b.currency});
            the difference is not meaningful.
          </Typography>
        )}
        <Table size="small" aria-label="Comparison">
          <TableHead>
            <TableRow>
              <TableCell>Category</TableCell>
              <TableCell align="right">{a.view.name}</TableCell>
              <TableCell align="right">{b.view.name}</TableCell>
              <TableCell align="right">Difference</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            <TableRow>
              <TableCell>
                <strong>Total</strong>
              </TableCell>
              <TableCell align="right">
                <strong>{formatMoney(a.total, a.currency)}</strong>
              </TableCell>
              <TableCell align="right">
                <strong>{formatMoney(b.total, b.currency)}</strong>
              </TableCell>
              <TableCell align="right">
                <strong>
                  {mixed
                    ? '–'
                    : signed(difference(a.total, b.total), b.currency)}
                </strong>
              </TableCell>
            </TableRow>
            {[...categories.entries()].map(([key, entry]) => (
              <TableRow key={key}>
                <TableCell>{entry.label}</TableCell>
                <TableCell align="right">
                  {formatMoney(entry.a ?? '0', a.currency)}
                </TableCell>
                <TableCell align="right">
                  {formatMoney(entry.b ?? '0', b.currency)}
                </TableCell>
                <TableCell align="right">
                  {mixed
                    ? '–'
                    : signed(
                        difference(entry.a ?? '0', entry.b ?? '0'),
                        b.currency,
                      )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </>
    );
  }

  return (
    <InfoCard
      title="Compare two views"
      subheader={`The whole estate, ${period.from} to ${period.to}`}
    >
      <Box className={classes.pickers}>
        {picker('finops-compare-baseline', 'Baseline view', left, setLeft)}
        {picker('finops-compare-view', 'Compared view', right, setRight)}
      </Box>
      {body}
    </InfoCard>
  );
}
