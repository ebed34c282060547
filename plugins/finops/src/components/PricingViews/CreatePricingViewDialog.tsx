import { useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import { TextField } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import {
  PricingView,
  pricingViewCopySchema,
  pricingViewCreateSchema,
} from '@finops-backstage/plugin-finops-common';
import { CreatablePricingViewKind, finopsApiRef } from '../../api';
import { errorMessage, FormDialog } from '../shared';
import { ChoiceField } from '../shared/ChoiceField';

const useStyles = makeStyles(theme => ({
  field: { marginBottom: theme.spacing(2) },
}));

/** The kinds an admin can create: the API's create schema decides (not actual, not amortized). */
const CREATABLE_KINDS = pricingViewCreateSchema.shape.kind.options;

/** The kind the API gives a copy: the source's, or what-if for actual and amortized. */
function copyKindOf(
  views: PricingView[],
  key: string | undefined,
): CreatablePricingViewKind | undefined {
  const source = views.find(view => view.key === key)?.kind;
  return CREATABLE_KINDS.find(choice => choice === source) ?? 'what-if';
}

/** Props of {@link CreatePricingViewDialog}. */
export interface CreatePricingViewDialogProps {
  /** The existing views, to copy or to inherit from. */
  views: PricingView[];
  onClose: () => void;
  /** Called with the view as the API answered. */
  onCreated: (view: PricingView) => void;
}

/**
 * Creates a pricing view: empty, a copy of another view (its rules included) or a child that
 * inherits another view's prices. Fields are checked with the API's schemas as they are typed.
 */
export function CreatePricingViewDialog(props: CreatePricingViewDialogProps) {
  const { views, onClose, onCreated } = props;
  const classes = useStyles();
  const finopsApi = useApi(finopsApiRef);
  const [key, setKey] = useState('');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [kind, setKind] = useState<CreatablePricingViewKind>('what-if');
  const [currency, setCurrency] = useState('USD');
  // "empty", "copy:<key>" or "child:<key>"
  const [start, setStart] = useState('empty');
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const [startMode, startView] = start.split(':') as [
    'empty' | 'copy' | 'child',
    string | undefined,
  ];
  const copiedKind =
    startMode === 'copy' ? copyKindOf(views, startView) : undefined;
  const parsed = pricingViewCreateSchema.safeParse({
    key,
    name,
    description,
    kind,
    currency,
    ...(startMode === 'child' ? { parent: startView } : {}),
  });
  const fieldErrors: Record<string, string> = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '');
      fieldErrors[field] ??= issue.message;
    }
  }
  const errorOf = (field: string) =>
    touched[field] ? fieldErrors[field] : undefined;
  const touch = (field: string) =>
    setTouched(previous => ({ ...previous, [field]: true }));

  const create = async () => {
    setTouched({ key: true, name: true, currency: true });
    if (!parsed.success) {
      return;
    }
    setSaving(true);
    setError(undefined);
    try {
      if (startMode === 'copy' && startView) {
        const copy = pricingViewCopySchema.parse({ key, name });
        let view = await finopsApi.copyPricingView(startView, copy);
        if (description.trim()) {
          view = await finopsApi.updatePricingView(view.key, { description });
        }
        onCreated(view);
      } else {
        const { parent, ...fields } = parsed.data;
        onCreated(
          await finopsApi.createPricingView({
            ...fields,
            ...(parent ? { parent } : {}),
          }),
        );
      }
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <FormDialog
      wide
      title="New pricing view"
      error={error}
      busy={saving}
      onClose={onClose}
      onSubmit={create}
      submitLabel={saving ? 'Creating…' : 'Create'}
      submitDisabled={saving}
    >
      <TextField
        id="finops-pricing-view-key"
        label="Key"
        required
        fullWidth
        variant="outlined"
        className={classes.field}
        value={key}
        onChange={event => {
          setKey(event.target.value);
          touch('key');
        }}
        error={Boolean(errorOf('key'))}
        helperText={
          errorOf('key') ??
          'Lower case letters, digits and dashes, e.g. q3-what-if'
        }
      />
      <TextField
        id="finops-pricing-view-name"
        label="Name"
        required
        fullWidth
        variant="outlined"
        className={classes.field}
        value={name}
        onChange={event => setName(event.target.value)}
        onBlur={() => touch('name')}
        error={Boolean(errorOf('name'))}
        helperText={errorOf('name')}
      />
      <TextField
        id="finops-pricing-view-description"
        label="Description"
        fullWidth
        multiline
        minRows={2}
        variant="outlined"
        className={classes.field}
        value={description}
        onChange={event => setDescription(event.target.value)}
        error={Boolean(fieldErrors.description)}
        helperText={fieldErrors.description}
      />
      <TextField
        select
        id="finops-pricing-view-start"
        label="Start from"
        fullWidth
        variant="outlined"
        className={classes.field}
        value={start}
        SelectProps={{ native: true }}
        onChange={event => setStart(event.target.value)}
        helperText={
          {
            empty: 'No rule: add them once the view is created',
            copy: 'A copy of the view and its rules, independent from then on',
            child:
              'Inherits the prices of the parent; its own rules override them',
          }[startMode]
        }
      >
        <option value="empty">Empty</option>
        {views.map(view => (
          <option key={`copy:${view.key}`} value={`copy:${view.key}`}>
            Copy of {view.name} ({view.key})
          </option>
        ))}
        {views.map(view => (
          <option key={`child:${view.key}`} value={`child:${view.key}`}>
            Child of {view.name} ({view.key})
          </option>
        ))}
      </TextField>
      <ChoiceField
        id="finops-pricing-view-kind"
        label="Kind"
        className={classes.field}
        value={copiedKind ?? kind}
        choices={CREATABLE_KINDS}
        disabled={startMode === 'copy'}
        onChange={value => setKind(value as CreatablePricingViewKind)}
        helperText={
          startMode === 'copy'
            ? 'A copy keeps the kind of its source; a copy of a view written by the batch is a what-if'
            : ''
        }
      />
      <TextField
        id="finops-pricing-view-currency"
        label="Currency"
        required
        fullWidth
        variant="outlined"
        className={classes.field}
        value={currency}
        disabled={startMode === 'copy'}
        onChange={event => {
          setCurrency(event.target.value);
          touch('currency');
        }}
        error={Boolean(errorOf('currency'))}
        helperText={errorOf('currency') ?? 'ISO 4217 code, e.g. USD or EUR'}
      />
    </FormDialog>
  );
}
