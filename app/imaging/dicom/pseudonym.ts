import { createHmac } from 'node:crypto';

/**
 * Pseudonymous patient key: HMAC-SHA-256 of the Patient ID keyed with a per-installation salt, hex encoded.
 * HMAC is the standard way to salt a hash (no length-extension, salt never concatenated ambiguously). Without the
 * salt the key cannot be recomputed from a guessed ID; with it, the same patient always gets the same key, so
 * images can be grouped (and train/test splits kept patient-disjoint) without storing who the patient is.
 * Trailing spaces/NULs (DICOM padding) are removed first so padded and unpadded IDs agree.
 */
export function patientKey(patientId: string, salt: string): string | undefined {
  const id = patientId.replace(/[\0 ]+$/g, '').trim();
  if (id === '' || salt === '') return undefined;
  return createHmac('sha256', salt).update(id, 'utf8').digest('hex');
}
