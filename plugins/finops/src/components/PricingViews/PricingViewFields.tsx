import { useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import { Box, Button, TextField, Typography } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import { PricingView } from '@finops-backstage/plugin-finops-common';
import { finopsApiRef } from '../../api';
import { errorMessage } from '../shared';

const useStyles = makeStyles(theme => ({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))',
    gap: theme.spacing(2),
  },
  actions: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(2),
    marginTop: theme.spacing(2),
  },
}));

/** Props of {@link PricingViewFields}. */
export interface PricingViewFieldsProps {
  view: PricingView;
  /** The other views, candidates for a parent. */
  views: PricingView[];
  canEdit: boolean;
  onSaved: (view: PricingView) => void;
}

/** Name, description and parent of a view; editable with `finops.pricingView.update`. */
export function PricingViewFields(props: PricingViewFieldsProps) {
  const { view, views, canEdit, onSaved } = props;
  const classes = useStyles();
  const finopsApi = useApi(finopsApiRef);
  const [name, setName] = useState(view.name);
  const [description, setDescription] = useState(view.description);
  const [parent, setParent] = useState(view.parent ?? '');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const update: { name?: string; description?: string; parent?: string } = {};
  if (name.trim() !== view.name) update.name = name.trim();
  if (description !== view.description) update.description = description;
  if (parent && parent !== view.parent) update.parent = parent;
  const hasChanges = Object.keys(update).length > 0;
  const nameError = name.trim() ? undefined : 'must not be empty';

  const save = async () => {
    setSaving(true);
    setError(undefined);
    try {
      onSaved(await finopsApi.updatePricingView(view.key, update));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const readOnly = !canEdit;
  return (
    <Box>
      <div className={classes.grid}>
        <TextField
          id="finops-view-name"
          label="Name"
          variant="outlined"
          size="small"
          value={name}
          InputProps={{ readOnly }}
          onChange={event => setName(event.target.value)}
          error={Boolean(nameError)}
          helperText={nameError}
        />
        <TextField
          id="finops-view-parent"
          select={!readOnly}
          label="Parent"
          variant="outlined"
          size="small"
          value={readOnly ? view.parent ?? '–' : parent}
          InputProps={{ readOnly }}
          SelectProps={{ native: true }}
          onChange={event => setParent(event.target.value)}
          helperText={
            readOnly ? undefined : 'Prices not set here come from the parent'
          }
        >
          {!readOnly && (
            <>
              <option value="" disabled={Boolean(view.parent)}>
                None
              </option>
              {views
                .filter(other => other.key !== view.key)
                .map(other => (
                  <option key={other.key} value={other.key}>
                    {other.name} ({other.key})
                  </option>
                ))}
            </>
          )}
        </TextField>
        <TextField
          id="finops-view-kind"
          label="Kind"
          variant="outlined"
          size="small"
          value={view.kind}
          InputProps={{ readOnly: true }}
        />
        <TextField
          id="finops-view-currency"
          label="Currency"
          variant="outlined"
          size="small"
          value={view.currency}
          InputProps={{ readOnly: true }}
        />
      </div>
      <Box mt={2}>
        <TextField
          id="finops-view-description"
          label="Description"
          variant="outlined"
          size="small"
          fullWidth
          multiline
          minRows={2}
          value={readOnly && !description ? '–' : description}
          InputProps={{ readOnly }}
          onChange={event => setDescription(event.target.value)}
        />
      </Box>
      {canEdit && (
        <div className={classes.actions}>
          <Button
            color="primary"
            variant="contained"
            disabled={saving || !hasChanges || Boolean(nameError)}
            onClick={save}
          >
            {saving ? 'Saving…' : 'Save changes'}
          </Button>
          {error && (
            <Typography color="error" role="alert">
              {error}
            </Typography>
          )}
        </div>
      )}
    </Box>
  );
}
