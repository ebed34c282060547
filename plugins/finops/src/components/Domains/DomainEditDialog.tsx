import { useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import { TextField } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import {
  DOMAIN_MODES,
  Domain,
  DomainMode,
} from '@finops-backstage/plugin-finops-common';
import { finopsApiRef } from '../../api';
import { errorMessage, FormDialog } from '../shared';
import { ChoiceField } from '../shared/ChoiceField';

const useStyles = makeStyles(theme => ({
  field: { marginBottom: theme.spacing(2) },
}));

/** Props of {@link DomainEditDialog}. */
export interface DomainEditDialogProps {
  domain: Domain;
  onClose: () => void;
  /** Called with the domain as the API answered after saving. */
  onSaved: (domain: Domain) => void;
}

/** Edits a domain's mode and indirect method; API errors are shown in the dialog. */
export function DomainEditDialog(props: DomainEditDialogProps) {
  const { domain, onClose, onSaved } = props;
  const classes = useStyles();
  const finopsApi = useApi(finopsApiRef);
  const [mode, setMode] = useState<DomainMode>(domain.mode);
  const [methodKey, setMethodKey] = useState(domain.indirectMethodKey ?? '');
  const [label, setLabel] = useState(domain.indirectLabel ?? '');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | undefined>();

  // Only what changed is sent; the API refuses empty values and an empty update.
  const update: {
    mode?: DomainMode;
    indirectMethodKey?: string;
    indirectLabel?: string;
  } = {};
  if (mode !== domain.mode) {
    update.mode = mode;
  }
  if (methodKey.trim() && methodKey.trim() !== domain.indirectMethodKey) {
    update.indirectMethodKey = methodKey.trim();
  }
  if (label.trim() && label.trim() !== domain.indirectLabel) {
    update.indirectLabel = label.trim();
  }
  const hasChanges = Object.keys(update).length > 0;

  const save = async () => {
    setSaving(true);
    setError(undefined);
    try {
      onSaved(await finopsApi.updateDomain(domain.key, update));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <FormDialog
      wide
      title={`Edit domain ${domain.name}`}
      error={error}
      busy={saving}
      onClose={onClose}
      onSubmit={save}
      submitLabel={saving ? 'Saving…' : 'Save'}
      submitDisabled={saving || !hasChanges}
    >
      <ChoiceField
        id="finops-domain-mode"
        label="Mode"
        className={classes.field}
        value={mode}
        choices={DOMAIN_MODES}
        onChange={value => setMode(value as DomainMode)}
        helperText={
          mode === 'DIRECT'
            ? 'Measured consumption, charged to whom it maps to'
            : 'A shared amount, split by a normalised weight'
        }
      />
      <TextField
        id="finops-domain-method"
        label="Indirect method key"
        fullWidth
        variant="outlined"
        className={classes.field}
        value={methodKey}
        onChange={event => setMethodKey(event.target.value)}
        helperText="The key of the weights that split the shared amount, e.g. cpu-hours"
      />
      <TextField
        id="finops-domain-label"
        label="Indirect label"
        fullWidth
        variant="outlined"
        className={classes.field}
        value={label}
        onChange={event => setLabel(event.target.value)}
        helperText="How an entity's share is named on its Costs tab"
      />
    </FormDialog>
  );
}
