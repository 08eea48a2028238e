import { useState, type ReactNode } from 'react';
import { errorMessage } from '../api/fieldErrors';
import { ConfirmDialog } from './ConfirmDialog';

interface ConfirmDeleteDialogProps {
  /** What is deleted, in the title and on the button: "project", "dataset". */
  readonly noun: string;
  readonly name: string;
  /** What goes with it, and what does not. */
  readonly children: ReactNode;
  /** Asks the host to delete; a failure keeps the dialog open with its message. */
  remove(): Promise<unknown>;
  onDeleted(): void;
  onClose(): void;
}

/** "Delete project “X”?": the danger confirmation before deleting a named item. */
export function ConfirmDeleteDialog({ noun, name, children, remove, onDeleted, onClose }: ConfirmDeleteDialogProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await remove();
      onDeleted();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <ConfirmDialog
      title={`Delete ${noun} “${name}”?`}
      confirmLabel={`Delete ${noun}`}
      danger
      busy={busy}
      error={error}
      onConfirm={confirm}
      onCancel={onClose}
    >
      {children}
    </ConfirmDialog>
  );
}
