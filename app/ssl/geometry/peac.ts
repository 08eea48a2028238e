import type { Rng } from '../rng';
import type { Origin } from './grid';

/**
 * PEAC's two equally sized crops (spec §1.5): token = cell, no resize. Correct geometry (rows = y), so the
 * k-th overlapping token of view 1 and of view 2 (row-major) are the same image cell.
 */
export interface PeacSpec {
  /** Image side in cells after the sub-cell jitter (18 in PEAC: 576 px of 32 px cells). */
  readonly imageCells: number;
  readonly cropCells: number;
}

export const PEAC_GRID: PeacSpec = { imageCells: 18, cropCells: 14 };

export interface PeacPlacement {
  readonly view1: Origin;
  readonly view2: Origin;
}

export function samplePeacPlacement(rng: Rng, spec: PeacSpec): PeacPlacement {
  const hi = spec.imageCells - spec.cropCells;
  if (hi < 0) throw new RangeError('crop larger than image');
  return { view1: [rng.int(0, hi), rng.int(0, hi)], view2: [rng.int(0, hi), rng.int(0, hi)] };
}

export interface PeacOverlap {
  readonly mask1: Uint8Array;
  readonly mask2: Uint8Array;
  /** [count, 2] flattened: (token of view 1, token of view 2) for the same cell, row-major. */
  readonly pairs: Int32Array;
}

export function peacOverlap(spec: PeacSpec, p: PeacPlacement): PeacOverlap {
  const n = spec.cropCells;
  const lo = [Math.max(p.view1[0], p.view2[0]), Math.max(p.view1[1], p.view2[1])] as const;
  const hi = [Math.min(p.view1[0], p.view2[0]) + n, Math.min(p.view1[1], p.view2[1]) + n] as const;
  const maskFor = (o: Origin): Uint8Array => {
    const m = new Uint8Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const r = o[0] + i;
        const c = o[1] + j;
        m[i * n + j] = r >= lo[0] && r < hi[0] && c >= lo[1] && c < hi[1] ? 1 : 0;
      }
    }
    return m;
  };
  const mask1 = maskFor(p.view1);
  const mask2 = maskFor(p.view2);
  const first = maskIndices(mask1);
  const second = maskIndices(mask2);
  const pairs = new Int32Array(first.length * 2);
  first.forEach((t, k) => {
    pairs[2 * k] = t;
    pairs[2 * k + 1] = second[k] ?? -1;
  });
  return { mask1, mask2, pairs };
}

/** Indices of the non-zero entries, row-major. */
export function maskIndices(mask: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < mask.length; i++) if (mask[i]) out.push(i);
  return out;
}
