import { ReactNode, useState } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  Typography,
} from '@material-ui/core';
import { errorMessage } from './errorMessage';

/** Props of {@link ConfirmDeleteDialog}. */
export interface ConfirmDeleteDialogProps {
  title: string;
  /** What the deletion does, in a sentence or two. */
  children: ReactNode;
  onCancel: () => void;
  /** Deletes; a rejection is shown in the dialog, which stays open. */
  onDelete: () => Promise<void>;
}

/** Asks before a deletion, shows it running, and shows the backend's refusal if any. */
export function ConfirmDeleteDialog(props: ConfirmDeleteDialogProps) {
  const { title, children, onCancel, onDelete } = props;
  const [deleting, setDeleting] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const confirm = async () => {
    setDeleting(true);
    setError(undefined);
    try {
      await onDelete();
    } catch (e) {
      setError(errorMessage(e));
      setDeleting(false);
    }
  };
  return (
    <Dialog open onClose={onCancel}>
      <DialogTitle>{title}</DialogTitle>
      <DialogContent>
        <DialogContentText>{children}</DialogContentText>
        {error && (
          <Typography color="error" role="alert">
            {error}
          </Typography>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel} disabled={deleting}>
          Cancel
        </Button>
        <Button
          color="secondary"
          variant="contained"
          onClick={confirm}
          disabled={deleting}
        >
          {deleting ? 'Deleting…' : 'Delete'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
