import { useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import { Box, TextField, Typography } from '@material-ui/core';
import Autocomplete from '@material-ui/lab/Autocomplete';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { finopsApiRef } from '../../api';
import { RuleTargetType } from './ruleInput';

const TARGET_HINTS: Record<RuleTargetType, string> = {
  product: 'Type part of a product key or name',
  family: 'e.g. compute, storage, database',
  domain: 'e.g. CLOUD, DATABASES',
};

/** Props of {@link RuleTargetField}. */
export interface RuleTargetFieldProps {
  targetType: RuleTargetType;
  /** The key of the domain, family or product. */
  value: string;
  onChange: (key: string) => void;
  error?: string;
  className?: string;
}

/**
 * The target of a rule, chosen among what the API knows: a select of the domains or families,
 * a search of the products. Falls back to a text field when the API cannot list them.
 */
export function RuleTargetField(props: RuleTargetFieldProps) {
  const { targetType, value, onChange, error, className } = props;
  const finopsApi = useApi(finopsApiRef);
  const domains = useAsync(async () => {
    const items = await finopsApi.listDomains();
    return items.map(domain => ({
      key: domain.key,
      label: `${domain.key} – ${domain.name}`,
    }));
  }, [finopsApi]);
  const families = useAsync(async () => {
    const items = await finopsApi.listPricingRuleTargets({
      type: 'family',
      limit: 500,
    });
    return items.map(family => ({
      key: family.key,
      label:
        family.name && family.name !== family.key
          ? `${family.name} (${family.key})`
          : family.key,
    }));
  }, [finopsApi]);

  const choices =
    (targetType === 'domain' && domains.value) ||
    (targetType === 'family' && families.value) ||
    [];
  if (targetType !== 'product' && choices.length > 0) {
    return (
      <TextField
        select
        id="finops-rule-target"
        label="Target"
        variant="outlined"
        size="small"
        className={className}
        value={value}
        SelectProps={{ native: true }}
        onChange={event => onChange(event.target.value)}
        error={Boolean(error)}
        helperText={error}
      >
        <option value="">Choose a {targetType}</option>
        {choices.map(choice => (
          <option key={choice.key} value={choice.key}>
            {choice.label}
          </option>
        ))}
      </TextField>
    );
  }
  if (targetType === 'product') {
    return (
      <ProductPicker
        value={value}
        onChange={onChange}
        error={error}
        className={className}
      />
    );
  }
  return (
    <TextField
      id="finops-rule-target"
      label="Target"
      variant="outlined"
      size="small"
      className={className}
      value={value}
      onChange={event => onChange(event.target.value)}
      error={Boolean(error)}
      helperText={error ?? TARGET_HINTS[targetType]}
    />
  );
}

/** A product key, typed or chosen among the products the API finds for what is typed. */
function ProductPicker(props: Omit<RuleTargetFieldProps, 'targetType'>) {
  const { value, onChange, error, className } = props;
  const finopsApi = useApi(finopsApiRef);
  const [search, setSearch] = useState(value);
  useDebounce(() => setSearch(value), 250, [value]);
  const products = useAsync(
    () =>
      finopsApi.listPricingRuleTargets({
        type: 'product',
        search: search.trim() || undefined,
        limit: 50,
      }),
    [finopsApi, search],
  );
  return (
    <Autocomplete
      id="finops-rule-target"
      freeSolo
      className={className}
      options={products.value ?? []}
      loading={products.loading}
      inputValue={value}
      onInputChange={(_event, text) => onChange(text)}
      onChange={(_event, choice) => {
        if (choice && typeof choice !== 'string') onChange(choice.key);
      }}
      // The API searched already: every answer it gave is shown.
      filterOptions={options => options}
      getOptionLabel={choice =>
        typeof choice === 'string' ? choice : choice.key
      }
      renderOption={choice => (
        <Box>
          <Typography variant="body2">{choice.name}</Typography>
          <Typography variant="caption" color="textSecondary">
            {choice.key}
            {choice.unit ? ` · per ${choice.unit}` : ''}
          </Typography>
        </Box>
      )}
      renderInput={params => (
        <TextField
          {...params}
          label="Target"
          variant="outlined"
          size="small"
          error={Boolean(error)}
          helperText={
            error ??
            (products.error
              ? `Could not search the products: ${products.error.message}`
              : TARGET_HINTS.product)
          }
        />
      )}
    />
  );
}
