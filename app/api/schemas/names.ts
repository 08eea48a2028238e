import { z } from 'zod';

/** Names people type for things (projects, datasets, templates): trimmed, non-empty, bounded, printable. */
export function displayName(thing: string) {
  return z
    .string()
    .trim()
    .min(1, `${thing} name must not be empty.`)
    .max(120, `${thing} name must be at most 120 characters.`)
    .refine((s) => !/[\u0000-\u001f]/.test(s), `${thing} name must not contain control characters.`);
}
