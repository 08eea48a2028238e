import type { ReactNode } from 'react';

/** A message about a whole form or page (not one field), announced when it appears. */
export function FormError({ children }: { children: ReactNode }) {
  if (children === undefined || children === null || children === false || children === '') return null;
  return (
    <p className="form-error" role="alert">
      {children}
    </p>
  );
}
