import type { HTMLAttributes, ReactNode, Ref } from 'react';

interface StageBoxProps extends HTMLAttributes<HTMLDivElement> {
  readonly boxRef: Ref<HTMLDivElement>;
  readonly loading: boolean;
  /** What the keyboard does on the image, for screen readers. */
  readonly label: string;
  /** Shown instead of the image while there is none: why (an alert), or that it is loading. */
  readonly error: string | undefined;
  readonly loadingText: string;
  /** The image, once it can be shown; null until then. */
  readonly image: ReactNode;
  /** Shown over the image (labels, panels). */
  readonly children?: ReactNode;
}

/** The focusable box around a viewer's canvas, with a "Loading…" corner and the reason when there is no image. */
export function StageBox({ boxRef, loading, label, error, loadingText, image, children, className, ...rest }: StageBoxProps) {
  return (
    <div ref={boxRef} className={`viewer-stage${loading ? ' loading' : ''}${className ? ` ${className}` : ''}`} tabIndex={0} role="group" aria-label={label} {...rest}>
      {image ?? (
        <p className="viewer-message" role={error ? 'alert' : undefined}>
          {error ?? loadingText}
        </p>
      )}
      {children}
    </div>
  );
}
