import { ReactNode } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Typography,
} from '@material-ui/core';

/** Props of {@link FormDialog}. */
export interface FormDialogProps {
  title: ReactNode;
  /** The fields, or the text of a question. */
  children: ReactNode;
  /** The backend's refusal of the last attempt, shown under the fields. */
  error?: string;
  /** Whether the action runs: Cancel is then disabled, unless `cancelWhileBusy`. */
  busy: boolean;
  cancelWhileBusy?: boolean;
  onClose: () => void;
  onSubmit: () => void;
  submitLabel: string;
  submitColor?: 'primary' | 'secondary';
  submitDisabled: boolean;
  /** A full-width dialog of the small size, for forms. */
  wide?: boolean;
}

/** A dialog of the plugin's forms: title, fields, the error if any, Cancel and the action. */
export function FormDialog(props: FormDialogProps) {
  const { title, children, error, busy, onClose, onSubmit } = props;
  return (
    <Dialog
      open
      onClose={onClose}
      {...(props.wide ? { fullWidth: true, maxWidth: 'sm' as const } : {})}
    >
      <DialogTitle>{title}</DialogTitle>
      <DialogContent>
        {children}
        {error && (
          <Typography color="error" role="alert">
            {error}
          </Typography>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy && !props.cancelWhileBusy}>
          Cancel
        </Button>
        <Button
          color={props.submitColor ?? 'primary'}
          variant="contained"
          onClick={onSubmit}
          disabled={props.submitDisabled}
        >
          {props.submitLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
