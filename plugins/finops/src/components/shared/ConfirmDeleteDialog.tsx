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
  /** The confirming button, `Delete` unless the action is another irreversible one ("Close month"). */
  actionLabel?: string;
  /** The button while the action runs; default `Deleting…`. */
  busyLabel?: string;
}

/** Asks before a deletion (or another irreversible action), shows it running, and shows the backend's refusal if any. */
export function ConfirmDeleteDialog(props: ConfirmDeleteDialogProps) {
  const {
    title,
    children,
    onCancel,
    onDelete,
    actionLabel = 'Delete',
    busyLabel = 'Deleting…',
  } = props;
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
      submitLabel={deleting ? busyLabel : actionLabel}
      submitColor="secondary"
      submitDisabled={deleting}
    >
      <DialogContentText>{children}</DialogContentText>
    </FormDialog>
  );
}
