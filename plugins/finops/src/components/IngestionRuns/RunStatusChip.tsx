import { Chip } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  succeeded: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
  partial: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  refused: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  failed: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  running: {
    backgroundColor: theme.palette.info.main,
    color: theme.palette.info.contrastText,
  },
  other: {},
}));

/** Props of {@link RunStatusChip}. */
export interface RunStatusChipProps {
  /** A run's or a load's status: running, succeeded, partial, failed, skipped; a load's refused, … */
  status: string;
  /** The run's error: a run whose process died (`abandoned: …`) reads `failed (abandoned)`. */
  error?: string;
}

/** A status as a coloured chip, in the theme's colours. */
export function RunStatusChip(props: RunStatusChipProps) {
  const { status, error } = props;
  const classes = useStyles();
  const className =
    status === 'succeeded' ||
    status === 'partial' ||
    status === 'refused' ||
    status === 'failed' ||
    status === 'running'
      ? classes[status]
      : classes.other;
  const label =
    status === 'failed' && error?.startsWith('abandoned')
      ? 'failed (abandoned)'
      : status;
  return <Chip size="small" label={label} className={className} />;
}
