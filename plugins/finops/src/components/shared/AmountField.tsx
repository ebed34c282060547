import { useState } from 'react';
import { InputAdornment, TextField } from '@material-ui/core';
import { parseAmount, symbolOf } from './parseAmount';

/** Props of {@link AmountField}. */
export interface AmountFieldProps {
  id: string;
  label: string;
  /** The text as typed; read it with `parseAmount` to get the decimal string to send. */
  value: string;
  onChange: (text: string) => void;
  /** The currency of the amount, shown in the field. */
  currency?: string;
  /** Decimals allowed (2 for a budget); any when absent (a unit price). */
  maxDecimals?: number;
  /** Whether an empty field is an error (once the field was left, or `showErrors`). */
  required?: boolean;
  /** Shows the error at once, e.g. after a submit attempt. */
  showErrors?: boolean;
  /** An error of the value from elsewhere (the API's schema), shown when the text reads well. */
  error?: string;
  /** The hint under the field when there is no error. */
  helperText?: string;
  onBlur?: () => void;
  className?: string;
  fullWidth?: boolean;
  size?: 'small' | 'medium';
  variant?: 'outlined' | 'standard';
}

/**
 * The money input of the plugin's forms: takes `5,000`, `5 000`, `5000.50` or `$5,000`, shows the
 * currency, and says inline what is wrong once the field was left. The error goes as soon as the
 * text is fixed: it is computed from the text, never kept.
 */
export function AmountField(props: AmountFieldProps) {
  const {
    id,
    label,
    value,
    onChange,
    currency,
    maxDecimals,
    required,
    showErrors,
    helperText,
    onBlur,
  } = props;
  const [left, setLeft] = useState(false);
  const parsed = parseAmount(value, { currency, maxDecimals });
  const judged = showErrors || left;
  let error: string | undefined;
  if (value.trim() === '') {
    error = required && judged ? parsed.error : undefined;
  } else if (parsed.error) {
    error = judged ? parsed.error : undefined;
  } else {
    error = props.error;
  }
  const sign = currency ? symbolOf(currency) : undefined;
  return (
    <TextField
      id={id}
      label={label}
      value={value}
      onChange={event => onChange(event.target.value)}
      onBlur={() => {
        setLeft(true);
        onBlur?.();
      }}
      error={Boolean(error)}
      helperText={error ?? helperText}
      className={props.className}
      fullWidth={props.fullWidth}
      size={props.size}
      variant={props.variant as any}
      inputProps={{ inputMode: 'decimal', 'aria-invalid': Boolean(error) }}
      InputProps={
        sign
          ? {
              startAdornment: (
                <InputAdornment position="start">{sign}</InputAdornment>
              ),
              endAdornment:
                sign !== currency ? (
                  <InputAdornment position="end">{currency}</InputAdornment>
                ) : undefined,
            }
          : undefined
      }
    />
  );
}
