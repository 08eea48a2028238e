import type { Lut } from '../types';

/** DICOM LUT lookup (PS3.3 C.11.1.1): below First Mapped → first entry, beyond the table → last entry. */
export function lutLookup(lut: Lut, x: number): number {
  const last = lut.data.length - 1;
  const i = Math.round(x) - lut.firstMapped;
  return lut.data[i < 0 ? 0 : i > last ? last : i]!;
}

/** Largest value an entry may hold according to the LUT Descriptor. */
export function lutMaxOutput(lut: Lut): number {
  return 2 ** lut.bits - 1;
}
