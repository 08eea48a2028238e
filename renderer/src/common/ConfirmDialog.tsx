import { useId, type ReactNode } from 'react';
import { FormError } from './FormError';
import { Modal } from './Modal';

interface ConfirmDialogProps {
  readonly title: string;
  readonly children: ReactNode;
  readonly confirmLabel: string;
  readonly busy?: boolean;
  readonly error?: string;
  readonly danger?: boolean;
  onConfirm(): void;
  onCancel(): void;
}

/** A modal confirmation: a title, what it means, Cancel (focused, and Escape unless busy) and the confirming button. */
export function ConfirmDialog({ title, children, confirmLabel, busy, error, danger, onConfirm, onCancel }: ConfirmDialogProps) {
  const titleId = useId();
  const bodyId = useId();

  return (
    <Modal
      labelledBy={titleId}
      describedBy={bodyId}
      onClose={() => {
        if (!busy) onCancel();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      <div id={bodyId} className="dialog-body">
        {children}
      </div>
      <FormError>{error}</FormError>
      <div className="dialog-actions">
        <button type="button" onClick={onCancel} disabled={busy} autoFocus>
          Cancel
        </button>
        <button type="button" className={danger ? 'danger' : 'primary'} onClick={onConfirm} disabled={busy}>
          {busy ? 'Working…' : confirmLabel}
        </button>
      </div>
    </Modal>
  );
}

