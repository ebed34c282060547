import { Typography } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import { CostResponse } from '@finops-backstage/plugin-finops-common';
import { formatMoney } from '../shared';
import { comparedWithText } from '../shared/format';
import { percentOf, signedMoney } from '../shared/changeFormat';

const useStyles = makeStyles(theme => ({
  up: { color: theme.palette.error.main },
  down: { color: theme.palette.success.main },
}));

/** A class name for a difference: red when it costs more, green when it costs less. */
export function useChangeClass(): (difference: string) => string | undefined {
  const classes = useStyles();
  return difference => {
    const value = Number(difference);
    if (value > 0) return classes.up;
    if (value < 0) return classes.down;
    return undefined;
  };
}

/** Props of {@link CostChange}. */
export interface CostChangeProps {
  /** A comparison with the previous period (`compareTo=previous`). */
  comparison: NonNullable<CostResponse['comparison']>;
  currency: string;
  /** `data-testid` of the line. */
  testId: string;
}

/**
 * The change against the previous period in one line, e.g. `+$6,413.21 (+10.0%) month to date vs
 * previous month to date (Nov 1–14): $64,132.09`.
 */
export function CostChange(props: CostChangeProps) {
  const { comparison, currency, testId } = props;
  const changeClass = useChangeClass();
  const percent = percentOf(comparison.difference, comparison.baselineTotal);
  return (
    <Typography variant="body2" data-testid={testId}>
      <span className={changeClass(comparison.difference)}>
        {signedMoney(comparison.difference, currency)}
        {percent && ` (${percent})`}
      </span>{' '}
      {comparedWithText(comparison.baseline)}:{' '}
      {formatMoney(comparison.baselineTotal, currency)}
    </Typography>
  );
}
