import { useState, type FormEvent } from 'react';
import { fieldErrors } from '../api/fieldErrors';

export interface FormErrors {
  /** Messages that belong next to a field, by the field's path in the request ("name", "settings.longSide"). */
  readonly byField: Readonly<Record<string, string>>;
  /** The rest, shown under the form. */
  readonly general?: string;
}

const NO_ERRORS: FormErrors = { byField: {} };

/**
 * Submitting a form to the host: busy while the request runs, and the host's messages split by field on failure
 * (a name conflict belongs to the name field). `action` runs the request and handles its result; errors clear when it succeeds.
 */
export function useFormSubmit(fields: readonly string[], action: () => Promise<void>) {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await action();
      setErrors(NO_ERRORS);
    } catch (err) {
      setErrors(fieldErrors(err, fields, 'name'));
    } finally {
      setBusy(false);
    }
  };

  return { busy, errors, submit, clearErrors: () => setErrors(NO_ERRORS) };
}
