import { useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  MenuItem,
  TextField,
  Typography,
} from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import {
  BUDGET_PERIODS,
  Budget,
  BudgetPeriod,
  DEFAULT_BUDGET_THRESHOLDS,
  PricingView,
  budgetCreateSchema,
} from '@internal/plugin-finops-common';
import { finopsApiRef } from '../../api';
import { errorMessage } from '../shared';

const useStyles = makeStyles(theme => ({
  field: { marginBottom: theme.spacing(2) },
}));

/** Props of {@link CreateBudgetDialog}. */
export interface CreateBudgetDialogProps {
  /** The entity the budget is for. */
  entityRef: string;
  /** Its display name, for the default budget name. */
  entityName: string;
  views: PricingView[];
  onClose: () => void;
  onCreated: (budget: Budget) => void;
}

/**
 * Creates a budget for an entity. Fields are checked with the API's schema as they are typed; the
 * backend decides who may create it and its refusal (403 with a reason) is shown as is.
 */
export function CreateBudgetDialog(props: CreateBudgetDialogProps) {
  const { entityRef, entityName, views, onClose, onCreated } = props;
  const classes = useStyles();
  const finopsApi = useApi(finopsApiRef);
  const [name, setName] = useState(`${entityName} budget`);
  const [amount, setAmount] = useState('');
  const [period, setPeriod] = useState<BudgetPeriod>('month');
  const [view, setView] = useState('actual');
  const [thresholds, setThresholds] = useState(
    DEFAULT_BUDGET_THRESHOLDS.join(', '),
  );
  const [alertOnForecast, setAlertOnForecast] = useState(false);
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const input = {
    name,
    scopeType: 'entity' as const,
    scopeRef: entityRef,
    period,
    amount,
    view,
    thresholds: thresholds
      .split(/[,\s]+/)
      .map(value => value.trim())
      .filter(Boolean),
    alertOnForecast,
  };
  const parsed = budgetCreateSchema.safeParse(input);
  const fieldErrors: Record<string, string> = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '');
      fieldErrors[field] ??= issue.message;
    }
  }
  const shown = (field: string) =>
    touched[field] ? fieldErrors[field] : undefined;
  const touch = (field: string) => setTouched({ ...touched, [field]: true });

  const create = async () => {
    setTouched({ name: true, amount: true, thresholds: true });
    if (!parsed.success) {
      return;
    }
    setSaving(true);
    setError(undefined);
    try {
      onCreated(await finopsApi.createBudget(input));
    } catch (e) {
      setError(errorMessage(e));
      setSaving(false);
    }
  };

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>New budget</DialogTitle>
      <DialogContent>
        <TextField
          className={classes.field}
          id="budget-name"
          label="Name"
          value={name}
          onChange={e => setName(e.target.value)}
          onBlur={() => touch('name')}
          error={!!shown('name')}
          helperText={shown('name')}
          fullWidth
        />
        <TextField
          className={classes.field}
          id="budget-amount"
          label="Amount"
          value={amount}
          onChange={e => setAmount(e.target.value)}
          onBlur={() => touch('amount')}
          error={!!shown('amount')}
          helperText={
            shown('amount') ?? "In the pricing view's currency, per period"
          }
          inputProps={{ inputMode: 'decimal' }}
          fullWidth
        />
        <TextField
          className={classes.field}
          id="budget-period"
          select
          label="Period"
          value={period}
          onChange={e => setPeriod(e.target.value as BudgetPeriod)}
          fullWidth
        >
          {BUDGET_PERIODS.map(choice => (
            <MenuItem key={choice} value={choice}>
              {choice[0].toUpperCase() + choice.slice(1)}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          className={classes.field}
          id="budget-view"
          select
          label="Pricing view"
          value={view}
          onChange={e => setView(e.target.value)}
          fullWidth
        >
          {(views.some(v => v.key === 'actual')
            ? views
            : [{ key: 'actual', name: 'Actual', currency: '' }, ...views]
          ).map(choice => (
            <MenuItem key={choice.key} value={choice.key}>
              {choice.name}
              {choice.currency ? ` (${choice.currency})` : ''}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          className={classes.field}
          id="budget-thresholds"
          label="Alert thresholds (% of the amount)"
          value={thresholds}
          onChange={e => setThresholds(e.target.value)}
          onBlur={() => touch('thresholds')}
          error={!!shown('thresholds')}
          helperText={shown('thresholds') ?? 'Separated by commas'}
          fullWidth
        />
        <FormControlLabel
          control={
            <Checkbox
              checked={alertOnForecast}
              onChange={e => setAlertOnForecast(e.target.checked)}
              color="primary"
            />
          }
          label="Also alert when the forecast crosses a threshold"
        />
        {error && (
          <Typography color="error" role="alert">
            {error}
          </Typography>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          onClick={create}
          disabled={saving}
        >
          Create
        </Button>
      </DialogActions>
    </Dialog>
  );
}
