import { useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import { Box, Button, TextField, Typography } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import { RulesReport } from '@finops-backstage/plugin-finops-common';
import { DateTime } from 'luxon';
import { finopsApiRef } from '../../api';
import { RULE_TARGET_TYPES, RuleTargetType, checkRule } from './ruleInput';
import { AmountField, errorMessage, MonthField, parseAmount } from '../shared';
import { RuleTargetField } from './RuleTargetField';

const useStyles = makeStyles(theme => ({
  form: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-start',
    gap: theme.spacing(1.5),
    marginTop: theme.spacing(2),
  },
  narrow: { width: 140 },
  month: { width: 180 },
  price: { width: 190 },
  wide: { minWidth: 280, flex: 1 },
  button: { marginTop: theme.spacing(1) },
}));

/** Props of {@link AddRuleForm}. */
export interface AddRuleFormProps {
  viewKey: string;
  /** The view's currency, the currency of a unit price. */
  currency?: string;
  /** Called after the API answered, with its report. */
  onAdded: (report: RulesReport) => void;
}

/** The "Add rule" row under the rules grid, checked with `pricingRuleInputSchema` as it is filled. */
export function AddRuleForm(props: AddRuleFormProps) {
  const { viewKey, currency, onAdded } = props;
  const classes = useStyles();
  const finopsApi = useApi(finopsApiRef);
  const [targetType, setTargetType] = useState<RuleTargetType>('family');
  const [target, setTarget] = useState('');
  const [multiplier, setMultiplier] = useState('');
  const [unitPrice, setUnitPrice] = useState('');
  const [validFrom, setValidFrom] = useState(
    DateTime.utc().toFormat('yyyy-MM'),
  );
  const [validTo, setValidTo] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [result, setResult] = useState<
    { error: string } | { added: number } | undefined
  >();

  // Any change of the rule makes the answer about the previous one stale.
  const edit =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setResult(undefined);
    };

  const price = parseAmount(unitPrice, { currency });
  const input: Record<string, string> = { validFrom };
  if (target.trim()) input[targetType] = target.trim();
  if (multiplier.trim()) input.multiplier = multiplier.trim();
  // "$0.05", "1,200" are sent as plain decimals; what does not read as one is left to the schema.
  if (unitPrice.trim()) input.unitPrice = price.value ?? unitPrice.trim();
  if (validTo.trim()) input.validTo = validTo.trim();
  const checked = checkRule(input);

  // Issues without a path are about the target or the price; put them under the field they concern.
  const errors: Record<string, string> = {};
  for (const issue of checked.issues ?? []) {
    let field = String(issue.path[0] ?? '');
    if (!field) {
      field = input[targetType] === undefined ? 'target' : 'price';
    } else if (RULE_TARGET_TYPES.includes(field as RuleTargetType)) {
      field = 'target';
    } else if (field === 'multiplier' || field === 'unitPrice') {
      field = 'price';
    }
    errors[field] ??= issue.message;
  }
  // Before the first attempt, only what was typed is judged.
  const show = (field: string, value: string) =>
    submitted || value.trim() ? errors[field] : undefined;
  const priceError = show('price', multiplier + unitPrice);
  const unitPriceError =
    unitPrice.trim() && price.error ? price.error : undefined;

  const add = async () => {
    setSubmitted(true);
    if (!checked.rule) {
      return;
    }
    setSaving(true);
    setResult(undefined);
    try {
      const report = await finopsApi.addPricingRules(viewKey, [checked.rule]);
      if (report.added > 0) {
        setTarget('');
        setMultiplier('');
        setUnitPrice('');
        setValidTo('');
        setSubmitted(false);
        setResult({ added: report.added });
      } else {
        setResult({
          error: report.rejected.map(r => r.reason).join('; ') || 'Rejected',
        });
      }
      onAdded(report);
    } catch (e) {
      setResult({ error: errorMessage(e) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Box component="form" aria-label="Add rule" className={classes.form}>
      <TextField
        select
        id="finops-rule-target-type"
        label="Target type"
        variant="outlined"
        size="small"
        className={classes.narrow}
        value={targetType}
        SelectProps={{ native: true }}
        onChange={event => {
          edit(setTargetType)(event.target.value as RuleTargetType);
          setTarget('');
        }}
      >
        {RULE_TARGET_TYPES.map(choice => (
          <option key={choice} value={choice}>
            {choice}
          </option>
        ))}
      </TextField>
      <RuleTargetField
        targetType={targetType}
        value={target}
        onChange={edit(setTarget)}
        error={show('target', target)}
        className={classes.wide}
      />
      <TextField
        id="finops-rule-multiplier"
        label="Multiplier"
        variant="outlined"
        size="small"
        className={classes.narrow}
        value={multiplier}
        onChange={event => edit(setMultiplier)(event.target.value)}
        error={Boolean(priceError)}
        helperText={priceError ?? 'e.g. 0.7 for -30%'}
      />
      <AmountField
        id="finops-rule-unit-price"
        label="Unit price"
        variant="outlined"
        size="small"
        className={classes.price}
        value={unitPrice}
        onChange={edit(setUnitPrice)}
        currency={currency}
        showErrors={submitted || Boolean(unitPriceError)}
        error={priceError ? ' ' : undefined}
        helperText="or a price per unit"
      />
      <MonthField
        id="finops-rule-valid-from"
        label="Valid from"
        className={classes.month}
        value={validFrom}
        onChange={edit(setValidFrom)}
        error={show('validFrom', validFrom)}
      />
      <MonthField
        id="finops-rule-valid-to"
        label="Valid to"
        className={classes.month}
        value={validTo}
        onChange={edit(setValidTo)}
        min={validFrom || undefined}
        error={show('validTo', validTo)}
        helperText="optional; open when empty"
      />
      <Button
        type="submit"
        color="primary"
        variant="contained"
        className={classes.button}
        disabled={saving}
        onClick={event => {
          event.preventDefault();
          add();
        }}
      >
        Add rule
      </Button>
      {result && 'error' in result && (
        <Typography color="error" role="alert">
          Rule rejected: {result.error}
        </Typography>
      )}
      {result && 'added' in result && (
        <Typography role="status">Rule added.</Typography>
      )}
    </Box>
  );
}
