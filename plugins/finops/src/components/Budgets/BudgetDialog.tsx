import { useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import {
  Checkbox,
  FormControlLabel,
  MenuItem,
  TextField,
  Typography,
} from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import {
  BUDGET_PERIODS,
  BUDGET_SCOPE_TYPES,
  Budget,
  BudgetPeriod,
  BudgetScopeType,
  DEFAULT_BUDGET_THRESHOLDS,
  budgetCreateSchema,
} from '@finops-backstage/plugin-finops-common';
import { finopsApiRef } from '../../api';
import {
  AmountField,
  EntityRefPicker,
  errorMessage,
  FormDialog,
  parseAmount,
} from '../shared';
import { scopeLabel } from './budgetFormat';

const useStyles = makeStyles(theme => ({
  field: { marginBottom: theme.spacing(2) },
}));

const SCOPE_HINTS: Record<BudgetScopeType, string> = {
  entity: 'A component, system or group: type its name',
  domain: 'A cost domain key, e.g. aws',
  account: 'A billing account or subscription id',
  estate: '',
};

/** Props of {@link BudgetDialog}. */
export interface BudgetDialogProps {
  /** The budget to edit; absent to create one. */
  budget?: Budget;
  /** The entity a new budget is for; absent to let the user choose the scope. */
  entityRef?: string;
  /** Its display name, for a new budget's default name. */
  entityName?: string;
  onClose: () => void;
  onSaved: (budget: Budget) => void;
}

/**
 * Creates or edits a budget. Fields are checked with the API's schema as they are typed; the
 * backend decides who may save it and its refusal (403 with a reason) is shown as is. The scope
 * of an existing budget does not change.
 */
export function BudgetDialog(props: BudgetDialogProps) {
  const { budget, entityRef, entityName, onClose, onSaved } = props;
  const classes = useStyles();
  const finopsApi = useApi(finopsApiRef);
  const { value: views = [] } = useAsync(
    () => finopsApi.listPricingViews(),
    [finopsApi],
  );
  const [scopeType, setScopeType] = useState<BudgetScopeType>(
    budget?.scopeType ?? (entityRef ? 'entity' : 'estate'),
  );
  const [scopeRef, setScopeRef] = useState(budget?.scopeRef ?? entityRef ?? '');
  const [name, setName] = useState(
    budget?.name ?? (entityName ? `${entityName} budget` : ''),
  );
  const [amount, setAmount] = useState(budget?.amount ?? '');
  const [period, setPeriod] = useState<BudgetPeriod>(budget?.period ?? 'month');
  const [view, setView] = useState(budget?.view ?? 'actual');
  const [thresholds, setThresholds] = useState(
    (budget?.thresholds ?? DEFAULT_BUDGET_THRESHOLDS).join(', '),
  );
  const [alertOnForecast, setAlertOnForecast] = useState(
    budget?.alertOnForecast ?? false,
  );
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const fixedScope = Boolean(budget || entityRef);
  const currency = views.find(choice => choice.key === view)?.currency;
  const parsedAmount = parseAmount(amount, { currency, maxDecimals: 2 });
  const input = {
    name,
    scopeType,
    scopeRef: scopeType === 'estate' ? undefined : scopeRef.trim(),
    period,
    // "5,000", "$5 000" are sent as 5000; what does not read as an amount is left to the schema.
    amount: parsedAmount.value ?? amount.trim(),
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
  if (parsedAmount.error && amount.trim() !== '') {
    fieldErrors.amount = parsedAmount.error;
  }
  const shown = (field: string) =>
    touched[field] ? fieldErrors[field] : undefined;
  const touch = (field: string) => setTouched({ ...touched, [field]: true });
  // An answer of the backend is about what was sent: it goes once a field changes.
  const changed =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setError(undefined);
    };

  const save = async () => {
    setTouched({ name: true, amount: true, thresholds: true, scopeRef: true });
    if (!parsed.success) {
      return;
    }
    setSaving(true);
    setError(undefined);
    try {
      const { scopeType: _type, scopeRef: _ref, ...update } = input;
      onSaved(
        budget
          ? await finopsApi.updateBudget(budget.id, update)
          : await finopsApi.createBudget(input),
      );
    } catch (e) {
      setError(errorMessage(e));
      setSaving(false);
    }
  };

  return (
    <FormDialog
      wide
      title={budget ? `Edit ${budget.name}` : 'New budget'}
      error={error}
      busy={saving}
      cancelWhileBusy
      onClose={onClose}
      onSubmit={save}
      submitLabel={budget ? 'Save' : 'Create'}
      submitDisabled={saving}
    >
      {fixedScope ? (
        <Typography variant="body2" color="textSecondary" gutterBottom>
          For {scopeLabel(scopeType, scopeRef)}
        </Typography>
      ) : (
        <>
          <TextField
            className={classes.field}
            id="budget-scope-type"
            select
            label="Scope"
            value={scopeType}
            onChange={e => {
              changed(setScopeType)(e.target.value as BudgetScopeType);
              setScopeRef('');
            }}
            fullWidth
          >
            {BUDGET_SCOPE_TYPES.map(choice => (
              <MenuItem key={choice} value={choice}>
                {scopeLabel(choice)}
              </MenuItem>
            ))}
          </TextField>
          {scopeType === 'entity' && (
            <EntityRefPicker
              className={classes.field}
              id="budget-scope-ref"
              label={scopeLabel(scopeType)}
              value={scopeRef}
              onChange={ref => {
                changed(setScopeRef)(ref);
                touch('scopeRef');
              }}
              onBlur={() => touch('scopeRef')}
              error={shown('scopeRef')}
              helperText={SCOPE_HINTS[scopeType]}
            />
          )}
          {scopeType !== 'estate' && scopeType !== 'entity' && (
            <TextField
              className={classes.field}
              id="budget-scope-ref"
              label={scopeLabel(scopeType)}
              value={scopeRef}
              onChange={e => changed(setScopeRef)(e.target.value)}
              onBlur={() => touch('scopeRef')}
              error={!!shown('scopeRef')}
              helperText={shown('scopeRef') ?? SCOPE_HINTS[scopeType]}
              fullWidth
            />
          )}
        </>
      )}
      <TextField
        className={classes.field}
        id="budget-name"
        label="Name"
        value={name}
        onChange={e => changed(setName)(e.target.value)}
        onBlur={() => touch('name')}
        error={!!shown('name')}
        helperText={shown('name')}
        fullWidth
      />
      <AmountField
        className={classes.field}
        id="budget-amount"
        label="Amount"
        value={amount}
        onChange={changed(setAmount)}
        currency={currency}
        maxDecimals={2}
        onBlur={() => touch('amount')}
        showErrors={touched.amount}
        error={shown('amount')}
        helperText="In the pricing view's currency, per period; e.g. 5,000 or 5000.50"
        fullWidth
      />
      <TextField
        className={classes.field}
        id="budget-period"
        select
        label="Period"
        value={period}
        onChange={e => changed(setPeriod)(e.target.value as BudgetPeriod)}
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
        onChange={e => changed(setView)(e.target.value)}
        fullWidth
      >
        {(views.some(v => v.key === view)
          ? views
          : [{ key: view, name: view, currency: '' }, ...views]
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
        onChange={e => changed(setThresholds)(e.target.value)}
        onBlur={() => touch('thresholds')}
        error={!!shown('thresholds')}
        helperText={shown('thresholds') ?? 'Separated by commas'}
        fullWidth
      />
      <FormControlLabel
        control={
          <Checkbox
            checked={alertOnForecast}
            onChange={e => changed(setAlertOnForecast)(e.target.checked)}
            color="primary"
          />
        }
        label="Also alert when the forecast crosses a threshold"
      />
    </FormDialog>
  );
}
