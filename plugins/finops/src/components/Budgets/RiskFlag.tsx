import { Box, Typography } from '@material-ui/core';
import { useTheme } from '@material-ui/core/styles';
import WarningIcon from '@material-ui/icons/Warning';
import { BudgetWithStatus } from '../../api';
import { formatPercent, isAtRisk } from './budgetFormat';

/** Props of {@link RiskFlag}. */
export interface RiskFlagProps {
  budget: BudgetWithStatus;
  /** Says "forecast over budget" beside the figure, instead of "at risk". */
  withText?: boolean;
}

/**
 * A budget's risk (forecast ÷ amount); at 100 % or more in the theme's warning colour with an
 * icon and words, so that it does not rest on colour alone.
 */
export function RiskFlag(props: RiskFlagProps) {
  const { budget, withText } = props;
  const theme = useTheme();
  const risk = formatPercent(budget.status.risk);
  if (!isAtRisk(budget)) {
    return <>{risk}</>;
  }
  return (
    <Box
      component="span"
      display="inline-flex"
      alignItems="center"
      style={{ gap: 4, color: theme.palette.warning.dark, fontWeight: 500 }}
      data-testid={`budget-${budget.id}-at-risk`}
      title="The forecast reaches or passes the budget"
    >
      <WarningIcon fontSize="small" aria-hidden />
      <Typography component="span" variant="body2" style={{ fontWeight: 500 }}>
        {risk}
      </Typography>
      <Typography component="span" variant="body2">
        · {withText ? 'forecast over budget' : 'at risk'}
      </Typography>
    </Box>
  );
}
