import { useEffect, useRef, type ReactNode } from 'react';

interface ModalProps {
  readonly labelledBy: string;
  readonly className?: string;
  readonly children: ReactNode;
  /** Escape or the close button; return false to keep the dialog open. */
  onClose(): void;
  readonly onKeyDown?: (e: React.KeyboardEvent<HTMLDialogElement>) => void;
}

/** A modal <dialog>: focus stays inside, Escape closes, the page behind is inert. */
export function Modal({ labelledBy, className, children, onClose, onKeyDown }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className={className ?? 'dialog'}
      aria-labelledby={labelledBy}
      onKeyDown={onKeyDown}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      {children}
    </dialog>
  );
}
