import { Theme } from '@material-ui/core/styles';

/** Axis, grid and tooltip styles of recharts from the theme, readable in light and dark. */
export function chartStyles(theme: Theme) {
  return {
    tick: { fill: theme.palette.text.secondary, fontSize: 12 },
    axisLine: { stroke: theme.palette.divider },
    grid: theme.palette.divider,
    tooltip: {
      contentStyle: {
        backgroundColor: theme.palette.background.paper,
        borderColor: theme.palette.divider,
        color: theme.palette.text.primary,
      },
      labelStyle: { color: theme.palette.text.primary },
      itemStyle: { color: theme.palette.text.primary },
    },
    legend: { color: theme.palette.text.primary },
  };
}
