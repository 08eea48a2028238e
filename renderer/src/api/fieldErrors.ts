import { ApiError } from '../../../app/api/errors';

/**
 * Splits an API error into the part that belongs next to a form field and the rest.
 * The host reports validation issues as "field: message; other: message"; conflicts on a name belong to the name field.
 */
export function fieldErrors(err: unknown, fields: readonly string[], conflictField?: string): { byField: Record<string, string>; general?: string } {
  const byField: Record<string, string> = {};
  if (!(err instanceof ApiError)) {
    return { byField, general: err instanceof Error ? err.message : String(err) };
  }
  if (err.code === 'conflict' && conflictField) {
    byField[conflictField] = err.message;
    return { byField };
  }
  if (err.code !== 'invalid_input') return { byField, general: err.message };
  const rest: string[] = [];
  for (const part of err.message.split('; ')) {
    const field = fields.find((f) => part.startsWith(`${f}: `));
    if (field) byField[field] = byField[field] ? `${byField[field]} ${part.slice(field.length + 2)}` : part.slice(field.length + 2);
    else rest.push(part);
  }
  return rest.length > 0 ? { byField, general: rest.join('; ') } : { byField };
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function isCancelled(err: unknown): boolean {
  return err instanceof ApiError && err.code === 'cancelled';
}
