import { useTheme } from '@material-ui/core/styles';

/** Props of {@link CostSparkline}. */
export interface CostSparklineProps {
  /** One value a day, in order. */
  values: number[];
  /** What the line shows, read by screen readers. */
  label: string;
}

const WIDTH = 200;
const HEIGHT = 40;
const PADDING = 2;

/** A small line of daily values, with no axes: the shape of the month at a glance. */
export function CostSparkline(props: CostSparklineProps) {
  const { values, label } = props;
  const theme = useTheme();
  const max = Math.max(...values, 0);
  const min = Math.min(...values, 0);
  const span = max - min || 1;
  const step =
    values.length > 1 ? (WIDTH - 2 * PADDING) / (values.length - 1) : 0;
  const points = values.map((value, index) => {
    const x = values.length > 1 ? PADDING + index * step : WIDTH / 2;
    const y =
      HEIGHT - PADDING - ((value - min) / span) * (HEIGHT - 2 * PADDING);
    return `${x.toFixed(1)},${y.toFixed(1)}`;
  });
  return (
    <svg
      role="img"
      aria-label={label}
      data-testid="finops-card-sparkline"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      width="100%"
      height={HEIGHT}
      preserveAspectRatio="none"
    >
      <title>{label}</title>
      <polyline
        points={points.join(' ')}
        fill="none"
        stroke={theme.palette.primary.main}
        strokeWidth={2}
        strokeLinejoin="round"
        vectorEffect="non-scaling-stroke"
      />
    </svg>
  );
}
