import type { ReactNode } from 'react';
import { FieldError } from './FieldError';
import { FormError } from './FormError';

/** What the control of a field needs to point at its message: set on the <input>/<select> by the caller. */
export interface FieldControl {
  readonly id: string;
  readonly 'aria-invalid': true | undefined;
  /** The hint (when there is one) and, while there is an error, its message. */
  readonly 'aria-describedby': string | undefined;
}

interface FieldProps {
  readonly id: string;
  readonly label: ReactNode;
  readonly error: string | undefined;
  /** Extra classes next to "field", e.g. "grow" or "narrow". */
  readonly className?: string;
  /** The id of a hint the control is always described by. */
  readonly hintId?: string;
  children(control: FieldControl): ReactNode;
}

/** A labelled form field with its validation message underneath; the control is described by the message while there is one. */
export function Field({ id, label, error, className, hintId, children }: FieldProps) {
  const errorId = `${id}-error`;
  const describedBy = [hintId, error ? errorId : undefined].filter(Boolean).join(' ');
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy || undefined })}
      <FieldError id={errorId} message={error} />
    </div>
  );
}

interface TextFieldProps {
  readonly id: string;
  readonly label: ReactNode;
  readonly value: string;
  readonly error: string | undefined;
  readonly className?: string;
  readonly autoFocus?: boolean;
  readonly maxLength?: number;
  onChange(value: string): void;
}

/** A one-line text field. */
export function TextField({ value, onChange, autoFocus, maxLength, ...field }: TextFieldProps) {
  return (
    <Field {...field}>
      {(control) => (
        <input {...control} value={value} autoFocus={autoFocus} maxLength={maxLength} autoComplete="off" onChange={(e) => onChange(e.target.value)} />
      )}
    </Field>
  );
}

/** The submit button of a create form and the form's general error under it. */
export function FormFooter({ submitLabel, busy, error }: { submitLabel: string; busy: boolean; error: string | undefined }) {
  return (
    <>
      <div className="field actions">
        <button type="submit" className="primary" disabled={busy}>
          {submitLabel}
        </button>
      </div>
      <FormError>{error}</FormError>
    </>
  );
}
