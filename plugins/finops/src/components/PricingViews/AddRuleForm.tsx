import { useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import { Box, Button, TextField, Typography } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import { RulesReport } from '@finops-backstage/plugin-finops-common';
import { DateTime } from 'luxon';
import useAsync from 'react-use/esm/useAsync';
import { finopsApiRef } from '../../api';
import { RULE_TARGET_TYPES, RuleTargetType, checkRule } from './ruleInput';
import { errorMessage } from '../shared';

const useStyles = makeStyles(theme => ({
  form: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-start',
    gap: theme.spacing(1.5),
    marginTop: theme.spacing(2),
  },
  narrow: { width: 140 },
  wide: { minWidth: 280, flex: 1 },
  button: { marginTop: theme.spacing(1) },
}));

const TARGET_HINTS: Record<RuleTargetType, string> = {
  product: 'e.g. demo/aws:AmazonEC2:BoxUsage:m5.large:us-east-1',
  family: 'e.g. compute, storage, database',
  domain: 'e.g. CLOUD, DATABASES',
};

/** Props of {@link AddRuleForm}. */
export interface AddRuleFormProps {
  viewKey: string;
  /** Called after the API answered, with its report. */
  onAdded: (report: RulesReport) => void;
}

/** The "Add rule" row under the rules grid, checked with `pricingRuleInputSchema` as it is filled. */
export function AddRuleForm(props: AddRuleFormProps) {
  const { viewKey, onAdded } = props;
  const classes = useStyles();
  const finopsApi = useApi(finopsApiRef);
  const domains = useAsync(() => finopsApi.listDomains(), [finopsApi]);
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

  const input: Record<string, string> = { validFrom };
  if (target.trim()) input[targetType] = target.trim();
  if (multiplier.trim()) input.multiplier = multiplier.trim();
  if (unitPrice.trim()) input.unitPrice = unitPrice.trim();
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

  const domainChoices = domains.value ?? [];
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
          setTargetType(event.target.value as RuleTargetType);
          setTarget('');
        }}
      >
        {RULE_TARGET_TYPES.map(choice => (
          <option key={choice} value={choice}>
            {choice}
          </option>
        ))}
      </TextField>
      {targetType === 'domain' && domainChoices.length > 0 ? (
        <TextField
          select
          id="finops-rule-target"
          label="Target"
          variant="outlined"
          size="small"
          className={classes.wide}
          value={target}
          SelectProps={{ native: true }}
          onChange={event => setTarget(event.target.value)}
          error={Boolean(show('target', target))}
          helperText={show('target', target)}
        >
          <option value="">Choose a domain</option>
          {domainChoices.map(domain => (
            <option key={domain.key} value={domain.key}>
              {domain.key} – {domain.name}
            </option>
          ))}
        </TextField>
      ) : (
        <TextField
          id="finops-rule-target"
          label="Target"
          variant="outlined"
          size="small"
          className={classes.wide}
          value={target}
          onChange={event => setTarget(event.target.value)}
          error={Boolean(show('target', target))}
          helperText={show('target', target) ?? TARGET_HINTS[targetType]}
        />
      )}
      <TextField
        id="finops-rule-multiplier"
        label="Multiplier"
        variant="outlined"
        size="small"
        className={classes.narrow}
        value={multiplier}
        onChange={event => setMultiplier(event.target.value)}
        error={Boolean(priceError)}
        helperText={priceError ?? 'e.g. 0.7 for -30%'}
      />
      <TextField
        id="finops-rule-unit-price"
        label="Unit price"
        variant="outlined"
        size="small"
        className={classes.narrow}
        value={unitPrice}
        onChange={event => setUnitPrice(event.target.value)}
        error={Boolean(priceError)}
        helperText={priceError ? ' ' : 'or a price per unit'}
      />
      <TextField
        id="finops-rule-valid-from"
        label="Valid from"
        variant="outlined"
        size="small"
        className={classes.narrow}
        value={validFrom}
        onChange={event => setValidFrom(event.target.value)}
        error={Boolean(show('validFrom', validFrom))}
        helperText={show('validFrom', validFrom) ?? 'YYYY-MM'}
      />
      <TextField
        id="finops-rule-valid-to"
        label="Valid to"
        variant="outlined"
        size="small"
        className={classes.narrow}
        value={validTo}
        onChange={event => setValidTo(event.target.value)}
        error={Boolean(show('validTo', validTo))}
        helperText={show('validTo', validTo) ?? 'optional, YYYY-MM'}
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
