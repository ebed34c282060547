import { TextField } from '@material-ui/core';

/** Props of {@link MonthField}. */
export interface MonthFieldProps {
  id: string;
  label: string;
  /** `YYYY-MM`, or empty for none. */
  value: string;
  onChange: (month: string) => void;
  /** The earliest and latest months that can be chosen, `YYYY-MM`. */
  min?: string;
  max?: string;
  required?: boolean;
  error?: string;
  helperText?: string;
  className?: string;
}

/**
 * A month picker (`<input type="month">`, `YYYY-MM`) instead of a free-text month. Browsers
 * without a month picker show a text field; the value is checked as `YYYY-MM` either way.
 */
export function MonthField(props: MonthFieldProps) {
  const { id, label, value, onChange, error } = props;
  return (
    <TextField
      id={id}
      type="month"
      label={label}
      variant="outlined"
      size="small"
      className={props.className}
      value={value}
      required={props.required}
      InputLabelProps={{ shrink: true }}
      inputProps={{ min: props.min, max: props.max, placeholder: 'YYYY-MM' }}
      onChange={event => onChange(event.target.value)}
      error={Boolean(error)}
      helperText={error ?? props.helperText}
    />
  );
}
