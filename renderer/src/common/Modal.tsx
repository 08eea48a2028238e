import { useEffect, useRef, type ReactNode } from 'react';

interface ModalProps {
  readonly labelledBy: string;
  readonly describedBy?: string;
  readonly className?: string;
  readonly children: ReactNode;
  /** Escape (the dialog's cancel event); the dialog stays open until the caller unmounts it. */
  onClose(): void;
  readonly onKeyDown?: (e: React.KeyboardEvent<HTMLDialogElement>) => void;
}

/** A modal <dialog>: focus stays inside, Escape closes, the page behind is inert. */
export function Modal({ labelledBy, describedBy, className, children, onClose, onKeyDown }: ModalProps) {
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
      aria-describedby={describedBy}
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
