import { ReactNode } from 'react';
import { Box } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-start',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(2),
  },
}));

/** Props of {@link FilterBar}. */
export interface FilterBarProps {
  children: ReactNode;
}

/** The row of selectors above a screen's figures, wrapping on narrow screens. */
export function FilterBar(props: FilterBarProps) {
  const classes = useStyles();
  return <Box className={classes.bar}>{props.children}</Box>;
}
