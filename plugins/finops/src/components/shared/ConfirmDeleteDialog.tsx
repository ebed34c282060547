import { ReactNode, useState } from 'react';
import { DialogContentText } from '@material-ui/core';
import { errorMessage } from './errorMessage';
import { FormDialog } from './FormDialog';

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
    <FormDialog
      title={title}
      error={error}
      busy={deleting}
      onClose={onCancel}
      onSubmit={confirm}
      submitLabel={deleting ? 'Deleting…' : 'Delete'}
      submitColor="secondary"
      submitDisabled={deleting}
    >
      <DialogContentText>{children}</DialogContentText>
    </FormDialog>
  );
}
