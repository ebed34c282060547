import { Theme } from '@material-ui/core/styles';
import { CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { chartStyles } from './chartStyles';
import { formatMoney } from './format';

/** Options of {@link moneyBarFrame}. */
export interface MoneyBarFrameOptions {
  /** The data key of the categories (a name, a month…). */
  categoryKey: string;
  /** Amounts across and categories down (long names) instead of categories across. */
  horizontal?: boolean;
}

/**
 * The grid, axes and tooltip of a bar chart of amounts in `currency`: the categories along one
 * axis, compact amounts along the other, exact amounts in the tooltip. A function, not a
 * component: recharts 2 looks for its axes among the chart's children (fragments included).
 */
export function moneyBarFrame(
  theme: Theme,
  currency: string,
  options: MoneyBarFrameOptions,
) {
  const { categoryKey, horizontal } = options;
  const styles = chartStyles(theme);
  const axis = { tick: styles.tick, axisLine: styles.axisLine };
  const money = (value: number) =>
    formatMoney(String(value), currency, { compact: true });
  return (
    <>
      <CartesianGrid strokeDasharray="3 3" stroke={styles.grid} />
      {horizontal ? (
        <>
          <XAxis type="number" tickFormatter={money} {...axis} />
          <YAxis type="category" dataKey={categoryKey} {...axis} width={160} />
        </>
      ) : (
        <>
          <XAxis dataKey={categoryKey} {...axis} />
          <YAxis tickFormatter={money} {...axis} width={70} />
        </>
      )}
      <Tooltip
        {...styles.tooltip}
        cursor={{ fill: theme.palette.action.hover }}
        formatter={(value: number) => formatMoney(value.toFixed(2), currency)}
      />
    </>
  );
}
