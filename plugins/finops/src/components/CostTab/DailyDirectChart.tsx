import { InfoCard } from '@backstage/core-components';
import { TableBody, TableCell, TableRow, Typography } from '@material-ui/core';
import { useTheme } from '@material-ui/core/styles';
import {
  AnomaliesResponse,
  CostResponse,
} from '@finops-backstage/plugin-finops-common';
import { Line } from 'recharts';
import {
  DailyChart,
  errorMessage,
  formatMoney,
  TableHeadRow,
  FigureTable,
} from '../shared';
import { directByDay } from './chartData';

/** Props of {@link DailyDirectChart}. */
export interface DailyDirectChartProps {
  /** Costs by product and day. */
  costs: CostResponse;
  /** The anomalous days of the same entity, period and view, once loaded. */
  anomalies?: AnomaliesResponse;
  anomaliesError?: Error;
}

/** How many anomalies the table under the line lists (the largest). */
const LISTED = 5;

function AnomalyTable(props: {
  anomalies: AnomaliesResponse;
  currency: string;
}) {
  const { anomalies, currency } = props;
  const largest = [...anomalies.anomalies]
    .sort(
      (a, b) => Math.abs(Number(b.difference)) - Math.abs(Number(a.difference)),
    )
    .slice(0, LISTED);
  return (
    <FigureTable aria-label="Anomalous days">
      <TableHeadRow
        headings={[
          'Day',
          { right: 'Expected' },
          { right: 'Actual' },
          { right: 'Difference' },
          'Mostly',
        ]}
      />
      <TableBody>
        {largest.map(anomaly => (
          <TableRow key={anomaly.day}>
            <TableCell>{anomaly.day}</TableCell>
            <TableCell align="right">
              {formatMoney(anomaly.expected, currency)}
            </TableCell>
            <TableCell align="right">
              {formatMoney(anomaly.actual, currency)}
            </TableCell>
            <TableCell align="right">
              {Number(anomaly.difference) > 0 ? '+' : ''}
              {formatMoney(anomaly.difference, currency)}
            </TableCell>
            <TableCell>
              {anomaly.products
                .map(
                  product =>
                    `${product.label} (${
                      Number(product.difference) > 0 ? '+' : ''
                    }${formatMoney(product.difference, currency)})`,
                )
                .join(', ')}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </FigureTable>
  );
}

function AnomalyCaption(props: DailyDirectChartProps) {
  const { anomalies, anomaliesError, costs } = props;
  if (anomaliesError) {
    return (
      <Typography variant="body2" color="textSecondary">
        Anomalies could not be computed: {errorMessage(anomaliesError)}
      </Typography>
    );
  }
  if (!anomalies) {
    return (
      <Typography variant="body2" color="textSecondary">
        Looking for anomalies…
      </Typography>
    );
  }
  const count = anomalies.anomalies.length;
  return (
    <>
      <Typography
        variant="body2"
        color="textSecondary"
        title={anomalies.method}
        data-testid="anomaly-count"
      >
        {count === 0
          ? 'No anomalous day in this period.'
          : `${count} anomalous ${
              count === 1 ? 'day' : 'days'
            } marked on the line${
              count > LISTED ? `; the ${LISTED} largest:` : ':'
            }`}
      </Typography>
      {count > 0 && (
        <AnomalyTable anomalies={anomalies} currency={costs.currency} />
      )}
    </>
  );
}

/**
 * A line of the DIRECT usage per day, with the anomalous days marked and the largest listed with
 * the products that explain them; monthly charges (tax, support, fees: a currency as unit) are
 * marked apart on the days they are booked, so they do not spike the line. Indirect shares are
 * monthly and left out.
 */
export function DailyDirectChart(props: DailyDirectChartProps) {
  const { costs, anomalies } = props;
  const theme = useTheme();
  const hasDirect = costs.rows.some(row => row.mode === 'DIRECT');
  const anomalous = new Map(
    (anomalies?.anomalies ?? []).map(anomaly => [anomaly.day, anomaly]),
  );
  const days = directByDay(costs.rows, costs.from, costs.to);
  const hasCharges = days.some(point => point.charges !== 0);
  const data = days.map(point => ({
    ...point,
    charges: point.charges === 0 ? null : point.charges,
    anomaly: anomalous.has(point.day) ? point.usage : null,
    expected: anomalous.has(point.day)
      ? Number(anomalous.get(point.day)!.expected)
      : null,
  }));

  return (
    <InfoCard title="Direct usage by day">
      {!hasDirect ? (
        <Typography color="textSecondary">
          No direct cost in this period.
        </Typography>
      ) : (
        <>
          <DailyChart
            data={data}
            currency={costs.currency}
            height={240}
            kind="line"
          >
            <Line
              type="monotone"
              dataKey="usage"
              name="Usage"
              stroke={theme.palette.primary.main}
              dot={false}
              isAnimationActive={false}
            />
            {hasCharges && (
              <Line
                dataKey="charges"
                name="Monthly charges"
                stroke="none"
                dot={{
                  r: 4,
                  fill: theme.palette.secondary.main,
                  stroke: theme.palette.secondary.main,
                }}
                legendType="square"
                isAnimationActive={false}
              />
            )}
            <Line
              dataKey="anomaly"
              name="Anomaly"
              stroke="none"
              dot={{
                r: 5,
                fill: theme.palette.error.main,
                stroke: theme.palette.error.main,
              }}
              legendType="circle"
              isAnimationActive={false}
            />
            <Line
              dataKey="expected"
              name="Expected"
              stroke="none"
              dot={{
                r: 4,
                fill: 'none',
                stroke: theme.palette.text.secondary,
              }}
              isAnimationActive={false}
            />
          </DailyChart>
          {hasCharges && (
            <Typography
              variant="body2"
              color="textSecondary"
              data-testid="daily-charges"
            >
              Monthly charges (tax, support, fees) are marked apart on the day
              they are booked: the line is usage.
            </Typography>
          )}
          <AnomalyCaption {...props} />
        </>
      )}
    </InfoCard>
  );
}
