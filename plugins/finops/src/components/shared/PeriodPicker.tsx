import { TextField } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import {
  MonthRange,
  PERIOD_LABELS,
  PERIOD_PRESETS,
  PeriodChoice,
  PeriodSelection,
  selectedMonthsOf,
} from './format';
import { SelectField } from './SelectField';

const useStyles = makeStyles({
  month: { width: 170 },
});

/** Props of {@link PeriodPicker}. */
export interface PeriodPickerProps {
  /** Prefix of the fields' ids: `<prefix>-period`, `<prefix>-from`, `<prefix>-to`. */
  idPrefix: string;
  value: PeriodSelection;
  onChange: (value: PeriodSelection) => void;
}

/** The period of a screen: a preset, or custom months from and to (checked: not reversed). */
export function PeriodPicker(props: PeriodPickerProps) {
  const { idPrefix, value, onChange } = props;
  const classes = useStyles();
  const customInvalid = value.period === 'custom' && !selectedMonthsOf(value);
  const monthField = (end: keyof MonthRange, label: string) => (
    <TextField
      type="month"
      id={`${idPrefix}-${end}`}
      label={label}
      className={classes.month}
      variant="outlined"
      size="small"
      InputLabelProps={{ shrink: true }}
      value={value.custom[end]}
      error={customInvalid}
      helperText={
        end === 'to' && customInvalid ? 'Must not be before From' : undefined
      }
      onChange={event =>
        onChange({
          ...value,
          custom: { ...value.custom, [end]: event.target.value },
        })
      }
    />
  );
  return (
    <>
      <SelectField
        id={`${idPrefix}-period`}
        label="Period"
        value={value.period}
        onChange={period =>
          onChange({ ...value, period: period as PeriodChoice })
        }
      >
        {PERIOD_PRESETS.map(preset => (
          <option key={preset} value={preset}>
            {PERIOD_LABELS[preset]}
          </option>
        ))}
        <option value="custom">Custom…</option>
      </SelectField>
      {value.period === 'custom' && (
        <>
          {monthField('from', 'From')}
          {monthField('to', 'To')}
        </>
      )}
    </>
  );
}
