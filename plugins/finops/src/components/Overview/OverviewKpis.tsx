import { Box } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import TrendingDownIcon from '@material-ui/icons/TrendingDown';
import TrendingFlatIcon from '@material-ui/icons/TrendingFlat';
import TrendingUpIcon from '@material-ui/icons/TrendingUp';
import {
  AnomaliesResponse,
  OverviewResponse,
} from '@finops-backstage/plugin-finops-common';
import {
  Kpi,
  cloudLabel,
  errorMessage,
  formatMoney,
  serviceLabel,
} from '../shared';
import { comparedWithText, partialMonthText } from '../shared/format';

const useStyles = makeStyles(theme => ({
  trend: { display: 'flex', alignItems: 'center', gap: theme.spacing(0.5) },
  // A cost going up is bad news, a cost going down good news.
  up: { color: theme.palette.error.main },
  down: { color: theme.palette.success.main },
  flat: { color: theme.palette.text.secondary },
}));

/** Props of {@link OverviewKpis}. */
export interface OverviewKpisProps {
  overview: OverviewResponse;
  /** The estate's anomalous days over the same months and view, once loaded. */
  anomalies?: AnomaliesResponse;
  anomaliesError?: Error;
  /** Whether a cloud, account or category filter is on (anomalies are the estate's). */
  filtered?: boolean;
}

function Trend(props: { overview: OverviewResponse }) {
  const { overview } = props;
  const classes = useStyles();
  if (overview.trendPercent === null) {
    return <span className={classes.flat}>–</span>;
  }
  const value = Number(overview.trendPercent);
  let Icon = TrendingFlatIcon;
  let className = classes.flat;
  let label = 'unchanged';
  if (value > 0) {
    Icon = TrendingUpIcon;
    className = classes.up;
    label = 'up';
  } else if (value < 0) {
    Icon = TrendingDownIcon;
    className = classes.down;
    label = 'down';
  }
  return (
    <Box
      component="span"
      className={`${classes.trend} ${className}`}
      data-testid="overview-trend"
    >
      <Icon fontSize="small" aria-label={label} />
      {value > 0 ? '+' : ''}
      {overview.trendPercent}%
    </Box>
  );
}

function anomalyKpi(props: OverviewKpisProps): {
  value: string;
  caption: string;
} {
  const { anomalies, anomaliesError, overview, filtered } = props;
  if (anomaliesError) {
    return {
      value: '–',
      caption: `Could not be computed: ${errorMessage(anomaliesError)}`,
    };
  }
  if (!anomalies) {
    return { value: '…', caption: 'Looking for anomalous days' };
  }
  const days = anomalies.anomalies;
  const scope = filtered ? ' (whole estate, filters not applied)' : '';
  if (days.length === 0) {
    return { value: '0', caption: `No anomalous day${scope}` };
  }
  const largest = days.reduce((a, b) =>
    Math.abs(Number(b.difference)) > Math.abs(Number(a.difference)) ? b : a,
  );
  const sign = Number(largest.difference) > 0 ? '+' : '';
  return {
    value: String(days.length),
    caption: `largest ${largest.day}, ${sign}${formatMoney(
      largest.difference,
      overview.currency,
    )}${scope}`,
  };
}

/** The key figures of the overview. */
export function OverviewKpis(props: OverviewKpisProps) {
  const { overview } = props;
  const anomaly = anomalyKpi(props);
  const { currency } = overview;
  const topService = overview.topServices[0];
  const topCloud = overview.byCloud[0];
  return (
    <>
      <Kpi
        title="Total"
        value={formatMoney(overview.total, currency)}
        caption={`${overview.from} to ${partialMonthText(
          overview.to,
          overview.through,
        )}, ${overview.view.name}`}
        testId="overview-total"
      />
      <Kpi
        title="Average per day"
        value={formatMoney(overview.averagePerDay, currency)}
        caption={`over ${overview.days} ${
          overview.days === 1 ? 'day' : 'days'
        }`}
      />
      <Kpi
        title="Trend"
        value={<Trend overview={overview} />}
        caption={`${comparedWithText(overview.previous)}: ${formatMoney(
          overview.previousTotal,
          currency,
        )}`}
      />
      <Kpi
        title="Weekend share"
        value={`${overview.weekendShare}%`}
        caption="of usage falls on Saturdays and Sundays (monthly charges left out)"
      />
      <Kpi
        title="Top service"
        value={topService ? serviceLabel(topService.service) : '–'}
        caption={
          topService
            ? `${cloudLabel(topService.provider)}, ${formatMoney(
                topService.cost,
                currency,
              )}`
            : 'No service'
        }
      />
      <Kpi
        title="Anomalous days"
        value={anomaly.value}
        caption={anomaly.caption}
        testId="overview-anomalies"
        tooltip={props.anomalies?.method}
      />
      <Kpi
        title="Top cloud"
        value={topCloud ? cloudLabel(topCloud.key) : '–'}
        caption={topCloud ? formatMoney(topCloud.cost, currency) : 'No cloud'}
      />
    </>
  );
}
