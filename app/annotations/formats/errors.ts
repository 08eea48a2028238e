import type { z } from 'zod';
import { ApiError } from '../../api/errors';

/** A file that cannot be read as the format it claims to be; the message names the line or entry at fault. */
export class FormatError extends ApiError {
  constructor(message: string) {
    super('invalid_input', message);
    this.name = 'FormatError';
  }
}

/** "images[2].width: expected number" style paths, so the user can find the entry in the file. */
export function describeZodIssues(error: z.ZodError, limit = 5): string {
  const lines = error.issues.slice(0, limit).map((issue) => {
    const where = issue.path.reduce<string>((acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)), '');
    return where ? `${where}: ${issue.message}` : issue.message;
  });
  const more = error.issues.length > limit ? ` (and ${error.issues.length - limit} more)` : '';
  return `${lines.join('; ')}${more}`;
}
