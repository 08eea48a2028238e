import { z } from 'zod';

/** Every failure that crosses the API boundary carries one of these codes and a message a researcher can act on. */
export const ErrorCode = z.enum([
  'invalid_input',
  'not_found',
  'conflict',
  'cancelled',
  'unauthorized',
  'unknown_operation',
  'db_locked',
  'db_readonly',
  'db_corrupt',
  'db_newer',
  'db_foreign',
  'backend_unavailable',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ApiErrorShape = z.object({
  code: ErrorCode,
  message: z.string(),
  details: z.unknown().optional(),
});
export type ApiErrorShape = z.infer<typeof ApiErrorShape>;

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toJSON(): ApiErrorShape {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  static from(shape: ApiErrorShape): ApiError {
    return new ApiError(shape.code, shape.message, shape.details);
  }
}

/** Turns anything thrown into an ApiError; unknown errors keep their message so the user sees the cause, not just "internal". */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof Error && err.name === 'AbortError') return new ApiError('cancelled', 'Cancelled by the user.');
  const message = err instanceof Error ? err.message : String(err);
  return new ApiError('internal', `Unexpected error: ${message}`);
}
