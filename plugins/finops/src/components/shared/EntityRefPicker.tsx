import { useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { Box, TextField, Typography } from '@material-ui/core';
import Autocomplete, {
  createFilterOptions,
} from '@material-ui/lab/Autocomplete';
import useAsync from 'react-use/esm/useAsync';

/** The kinds a cost scope can be. */
const DEFAULT_KINDS = ['Component', 'System', 'Group'];

/** One entity the picker offers. */
interface EntityChoice {
  ref: string;
  name: string;
  kind: string;
  displayName: string;
}

function choiceOf(entity: Entity): EntityChoice {
  const profile = (entity.spec?.profile ?? {}) as { displayName?: string };
  return {
    ref: stringifyEntityRef(entity),
    name: entity.metadata.name,
    kind: entity.kind,
    displayName:
      entity.metadata.title ?? profile.displayName ?? entity.metadata.name,
  };
}

// Typing finds an entity by its display name, its name or its full ref.
const filter = createFilterOptions<EntityChoice>({
  stringify: choice => `${choice.displayName} ${choice.ref}`,
});

/** Props of {@link EntityRefPicker}. */
export interface EntityRefPickerProps {
  id: string;
  label: string;
  /** The full entity ref chosen, e.g. `component:default/cart-service`; empty for none. */
  value: string;
  onChange: (entityRef: string) => void;
  /** The kinds offered; components, systems and groups by default. */
  kinds?: string[];
  error?: string;
  helperText?: string;
  onBlur?: () => void;
  className?: string;
}

/**
 * Chooses a catalog entity by its display name: typing `cart-service` or `Cart` finds
 * `component:default/cart-service`, the full ref is what `onChange` gets. Fed by the catalog.
 */
export function EntityRefPicker(props: EntityRefPickerProps) {
  const { id, label, value, onChange, error, helperText, onBlur } = props;
  const kinds = props.kinds ?? DEFAULT_KINDS;
  const catalogApi = useApi(catalogApiRef);
  const entities = useAsync(async () => {
    const { items } = await catalogApi.getEntities({
      filter: kinds.map(kind => ({ kind })),
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.title',
        'spec.profile.displayName',
      ],
    });
    return items
      .map(choiceOf)
      .sort(
        (a, b) =>
          a.kind.localeCompare(b.kind) ||
          a.displayName.localeCompare(b.displayName),
      );
  }, [catalogApi, kinds.join(',')]);
  const options = entities.value ?? [];
  // A ref the catalog does not list (yet) stays shown as it is.
  const selected =
    options.find(choice => choice.ref === value) ??
    (value ? { ref: value, name: value, kind: '', displayName: value } : null);
  const loadError = entities.error
    ? `Could not load the catalog: ${entities.error.message}`
    : undefined;
  return (
    <Autocomplete
      id={id}
      className={props.className}
      options={options}
      loading={entities.loading}
      value={selected}
      onChange={(_event, choice) => onChange(choice?.ref ?? '')}
      getOptionLabel={choice => choice.displayName}
      getOptionSelected={(option, current) => option.ref === current.ref}
      groupBy={choice => choice.kind}
      filterOptions={filter}
      noOptionsText="No component, system or group matches"
      renderOption={choice => (
        <Box>
          <Typography variant="body2">{choice.displayName}</Typography>
          <Typography variant="caption" color="textSecondary">
            {choice.ref}
          </Typography>
        </Box>
      )}
      renderInput={params => (
        <TextField
          {...params}
          label={label}
          onBlur={onBlur}
          error={Boolean(error ?? loadError)}
          helperText={error ?? loadError ?? (value ? value : helperText)}
          fullWidth
        />
      )}
    />
  );
}
