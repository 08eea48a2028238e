import type { ReactNode } from 'react';
import { Field } from '../common/Field';

interface NumberFieldProps {
  readonly id: string;
  readonly label: ReactNode;
  readonly value: string;
  readonly error: string | undefined;
  readonly unit?: string;
  readonly hint?: ReactNode;
  readonly placeholder?: string;
  readonly disabled?: boolean;
  /** Decimal numbers (the learning rate); whole numbers otherwise. */
  readonly decimal?: boolean;
  readonly className?: string;
  /** The id of a hint placed elsewhere (e.g. spanning a row) that describes this field. */
  readonly describedBy?: string;
  onChange(value: string): void;
}

/** A number typed as text (so "5e-4" and half-typed values survive), with a unit and an optional hint under it. */
export function NumberField({ id, label, value, error, unit, hint, placeholder, disabled, decimal, className, describedBy, onChange }: NumberFieldProps) {
  const hintId = hint ? `${id}-hint` : describedBy;
  return (
    <Field id={id} label={label} error={error} hintId={hintId} className={className ?? 'field-num'}>
      {(control) => (
        <>
          <div className="input-with-unit">
            <input
              {...control}
              type="text"
              inputMode={decimal ? 'decimal' : 'numeric'}
              autoComplete="off"
              spellCheck={false}
              value={value}
              placeholder={placeholder}
              disabled={disabled}
              onChange={(e) => onChange(e.target.value)}
            />
            {unit && <span className="unit">{unit}</span>}
          </div>
          {hint && (
            <p id={hintId} className="hint muted">
              {hint}
            </p>
          )}
        </>
      )}
    </Field>
  );
}
