import { ReactNode } from 'react';
import { TextField } from '@material-ui/core';

/** Props of {@link ChoiceField}. */
export interface ChoiceFieldProps {
  id: string;
  label: string;
  value: string;
  /** The values offered, each shown as it is. */
  choices: readonly string[];
  onChange: (value: string) => void;
  className?: string;
  disabled?: boolean;
  helperText?: ReactNode;
}

/** A full-width outlined native select of a form dialog, offering `choices`. */
export function ChoiceField(props: ChoiceFieldProps) {
  const { id, label, value, choices, onChange } = props;
  return (
    <TextField
      select
      id={id}
      label={label}
      fullWidth
      variant="outlined"
      className={props.className}
      value={value}
      SelectProps={{ native: true }}
      disabled={props.disabled}
      onChange={event => onChange(event.target.value)}
      helperText={props.helperText}
    >
      {choices.map(choice => (
        <option key={choice} value={choice}>
          {choice}
        </option>
      ))}
    </TextField>
  );
}
