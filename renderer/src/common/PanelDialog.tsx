import { useId, type ReactNode } from 'react';
import { Modal } from './Modal';

interface PanelDialogProps {
  readonly title: ReactNode;
  /** Extra classes next to "dialog" (its width). */
  readonly className: string;
  /** While true, neither Close nor Escape closes it. */
  readonly busy?: boolean;
  readonly children: ReactNode;
  onClose(): void;
}

/** A modal panel of tools (not a question): its title, its content, and Close. */
export function PanelDialog({ title, className, busy, children, onClose }: PanelDialogProps) {
  const titleId = useId();
  return (
    <Modal labelledBy={titleId} className={`dialog ${className}`} onClose={() => !busy && onClose()}>
      <h2 id={titleId}>{title}</h2>
      {children}
      <div className="dialog-actions">
        <button type="button" onClick={onClose} disabled={busy}>
          Close
        </button>
      </div>
    </Modal>
  );
}
