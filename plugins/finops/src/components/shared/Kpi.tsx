import { ReactNode } from 'react';
import { InfoCard } from '@backstage/core-components';
import { Grid, Typography } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  value: { fontWeight: theme.typography.fontWeightBold as number },
}));

/** Props of {@link Kpi}. */
export interface KpiProps {
  title: string;
  value: ReactNode;
  caption?: ReactNode;
  /** `data-testid` of the value, for browser tests. */
  testId?: string;
  tooltip?: string;
}

/** A key figure in a card, as a grid item of a row of figures. */
export function Kpi(props: KpiProps) {
  const classes = useStyles();
  return (
    <Grid item xs={12} sm={6} md={3} lg>
      <InfoCard title={props.title} noPadding={false}>
        <Typography
          variant="h5"
          component="p"
          className={classes.value}
          data-testid={props.testId}
          title={props.tooltip}
        >
          {props.value}
        </Typography>
        {props.caption && (
          <Typography variant="body2" color="textSecondary" component="div">
            {props.caption}
          </Typography>
        )}
      </InfoCard>
    </Grid>
  );
}
