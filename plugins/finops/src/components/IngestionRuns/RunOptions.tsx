import { Box, Checkbox, FormControlLabel, Typography } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import {
  monthIndex,
  monthsBetween,
} from '@finops-backstage/plugin-finops-common';
import { MonthField } from '../shared';

/** The most months a run can be asked for (the API's limit). */
const MAX_MONTHS = 36;

const useStyles = makeStyles(theme => ({
  row: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-start',
    gap: theme.spacing(2),
  },
  month: { width: 190 },
}));

/** What "Run now" asks for: a range of months (both empty: each source's own), forced or not. */
export interface RunOptionsValue {
  from: string;
  to: string;
  force: boolean;
}

/** The request of a run with these options, or why they are not one. */
export function runRequestOf(
  options: RunOptionsValue,
  currentMonth: string,
):
  | { request: { months?: string[]; force?: boolean }; error?: undefined }
  | { request?: undefined; error: { field: 'from' | 'to'; message: string } } {
  const { from, to, force } = options;
  const request: { months?: string[]; force?: boolean } = force
    ? { force: true }
    : {};
  if (!from && !to) {
    return { request };
  }
  if (!from)
    return { error: { field: 'from', message: 'Choose the first month' } };
  if (!to) return { error: { field: 'to', message: 'Choose the last month' } };
  if (monthIndex(to) < monthIndex(from)) {
    return {
      error: { field: 'to', message: 'Must not be before the first month' },
    };
  }
  if (monthIndex(to) > monthIndex(currentMonth)) {
    return {
      error: { field: 'to', message: `Must not be after ${currentMonth}` },
    };
  }
  const months = monthsBetween(from, to);
  if (months.length > MAX_MONTHS) {
    return {
      error: {
        field: 'to',
        message: `At most ${MAX_MONTHS} months (${months.length} chosen)`,
      },
    };
  }
  return { request: { ...request, months } };
}

/** Props of {@link RunOptions}. */
export interface RunOptionsProps {
  value: RunOptionsValue;
  onChange: (value: RunOptionsValue) => void;
  /** `YYYY-MM` of today, the last month that can be asked for. */
  currentMonth: string;
  error?: { field: 'from' | 'to'; message: string };
}

/** The options of "Run now" for admins: which months (from–to) and whether to force. */
export function RunOptions(props: RunOptionsProps) {
  const { value, onChange, currentMonth, error } = props;
  const classes = useStyles();
  return (
    <Box role="group" aria-label="Run options">
      <div className={classes.row}>
        <MonthField
          id="finops-run-from"
          label="From month"
          className={classes.month}
          value={value.from}
          max={currentMonth}
          onChange={from => onChange({ ...value, from })}
          error={error?.field === 'from' ? error.message : undefined}
          helperText="Empty: each source's own months"
        />
        <MonthField
          id="finops-run-to"
          label="To month"
          className={classes.month}
          value={value.to}
          min={value.from || undefined}
          max={currentMonth}
          onChange={to => onChange({ ...value, to })}
          error={error?.field === 'to' ? error.message : undefined}
        />
        <Box>
          <FormControlLabel
            control={
              <Checkbox
                checked={value.force}
                onChange={event =>
                  onChange({ ...value, force: event.target.checked })
                }
                color="primary"
              />
            }
            label="Force"
          />
          <Typography
            variant="caption"
            color="textSecondary"
            component="p"
            style={{ maxWidth: 360 }}
          >
            Replaces the months even where a guard refuses them (rejected rows,
            an empty or a much smaller month).
          </Typography>
        </Box>
      </div>
    </Box>
  );
}
