import { ReactNode } from 'react';
import { TextField } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles({
  select: { minWidth: 180 },
});

/** Props of {@link SelectField}. */
export interface SelectFieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** Keeps the label above the field, for a choice whose text may be empty. */
  shrinkLabel?: boolean;
  /** The `<option>` elements. */
  children: ReactNode;
}

/** A small outlined native select, as the filter bars of the plugin have them. */
export function SelectField(props: SelectFieldProps) {
  const { id, label, value, onChange, shrinkLabel, children } = props;
  const classes = useStyles();
  return (
    <TextField
      select
      id={id}
      label={label}
      className={classes.select}
      variant="outlined"
      size="small"
      value={value}
      SelectProps={{ native: true }}
      InputLabelProps={shrinkLabel ? { shrink: true } : undefined}
      onChange={event => onChange(event.target.value)}
    >
      {children}
    </TextField>
  );
}
