import type { ModalityTransform, PixelFormat, StoredArray } from '../types';
import { lutLookup } from './lut';
import { isTabulable, storedRange } from './stored';

/**
 * Step 2: stored values → modality values (PS3.3 C.11.1): Rescale Slope/Intercept, or the Modality LUT Sequence,
 * or identity. These full-range values (e.g. Hounsfield units, or raw detector values for CR) are what the model sees.
 */
export function modalityFunction(t: ModalityTransform): (x: number) => number {
  switch (t.kind) {
    case 'identity':
      return (x) => x;
    case 'rescale': {
      const { slope, intercept } = t;
      return (x) => x * slope + intercept;
    }
    case 'lut': {
      const { lut } = t;
      return (x) => lutLookup(lut, x);
    }
  }
}

/**
 * Modality values of a whole frame. Tabulates every possible stored value first when Bits Stored ≤ 16,
 * so the per-pixel work is one indexed load; wider data falls back to the closed form.
 */
export function modalityValues(stored: StoredArray, format: PixelFormat, t: ModalityTransform): Float32Array {
  const out = new Float32Array(stored.length);
  const f = modalityFunction(t);
  const n = stored.length;
  if (t.kind === 'identity') {
    out.set(stored);
    return out;
  }
  if (isTabulable(format)) {
    const { min, max } = storedRange(format);
    const table = new Float32Array(max - min + 1);
    for (let v = min; v <= max; v++) table[v - min] = f(v);
    for (let i = 0; i < n; i++) out[i] = table[stored[i]! - min]!;
  } else {
    for (let i = 0; i < n; i++) out[i] = f(stored[i]!);
  }
  return out;
}

/** Range of modality values actually present in a frame (used for a default window when the file has none). */
export function modalityExtent(stored: StoredArray, t: ModalityTransform): { min: number; max: number } {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < stored.length; i++) {
    const v = stored[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) return { min: 0, max: 0 };
  // Rescale and DICOM LUTs are monotonic in practice but not required to be: sample both ends and, for a LUT, its entries.
  const f = modalityFunction(t);
  let min = Math.min(f(lo), f(hi));
  let max = Math.max(f(lo), f(hi));
  if (t.kind === 'lut') {
    for (const v of t.lut.data) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return { min, max };
}
