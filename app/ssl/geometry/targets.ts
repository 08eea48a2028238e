import { type AcePlacement, type GridSpec, aceMasks, largeCells, tokensPerSide } from './grid';

/**
 * Soft matching targets of ACE (spec §1.3). Built from the closed-form pairing rather than the published
 * "n-th non-zero of one mask ↔ n-th of the other" trick, which only agrees once the masks are correct.
 */
export interface TargetKernels {
  /** Square window side on the 7×7 composed grid (3 in ACE). */
  readonly comp: number;
  /** Square window side on the 28×28 decomposed grid (5 in ACE code). */
  readonly decomp: number;
  readonly sigma: number;
}

export const ACE_KERNELS: TargetKernels = { comp: 3, decomp: 5, sigma: 1 };

/** Window weights w(a, b) = exp(-(a²+b²)/2σ²) for a, b in [-(k-1)/2, (k-1)/2]; centre exactly 1, never renormalised. */
export function gaussianWindow(k: number, sigma: number): Float64Array {
  if (k % 2 !== 1) throw new RangeError(`kernel size ${k} must be odd`);
  const h = (k - 1) / 2;
  const w = new Float64Array(k * k);
  for (let a = -h; a <= h; a++) {
    for (let b = -h; b <= h; b++) w[(a + h) * k + (b + h)] = Math.exp(-(a * a + b * b) / (2 * sigma * sigma));
  }
  return w;
}

/** Writes the window centred at (u, v) into row `row` of a [rows, side*side] matrix, truncated at the grid edge only. */
function stampWindow(target: Float64Array, row: number, side: number, u: number, v: number, k: number, window: Float64Array): void {
  const h = (k - 1) / 2;
  const base = row * side * side;
  for (let a = -h; a <= h; a++) {
    const uu = u + a;
    if (uu < 0 || uu >= side) continue;
    for (let b = -h; b <= h; b++) {
      const vv = v + b;
      if (vv < 0 || vv >= side) continue;
      target[base + uu * side + vv] = window[(a + h) * k + (b + h)] ?? 0;
    }
  }
}

export interface AceTargets {
  /** [n², (n/2)²]: rows = teacher L tokens, cols = student's composed 2×2 blocks of S. */
  readonly comp: Float64Array;
  /** [n², (2n)²]: rows = teacher S tokens, cols = student's decomposed L sub-tokens (one per cell). */
  readonly decomp: Float64Array;
}

export function aceTargets(spec: GridSpec, p: AcePlacement, kernels: TargetKernels = ACE_KERNELS): AceTargets {
  const n = tokensPerSide(spec);
  const blocks = n / 2;
  const sub = largeCells(spec);
  const { overlapSmall, overlapLarge } = aceMasks(spec, p);
  const [rL, cL] = p.large;
  const [rS, cS] = p.small;
  const comp = new Float64Array(n * n * blocks * blocks);
  const decomp = new Float64Array(n * n * sub * sub);
  const compWindow = gaussianWindow(kernels.comp, kernels.sigma);
  const decompWindow = gaussianWindow(kernels.decomp, kernels.sigma);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const t = i * n + j;
      // L token (i, j) starts at cell (rL+2i, cL+2j); parity makes that the top-left cell of an S 2×2 block.
      if (overlapLarge[t]) stampWindow(comp, t, blocks, (rL + 2 * i - rS) / 2, (cL + 2 * j - cS) / 2, kernels.comp, compWindow);
      // S token (i, j) is cell (rS+i, cS+j) = L sub-token (rS+i-rL, cS+j-cL).
      if (overlapSmall[t]) stampWindow(decomp, t, sub, rS + i - rL, cS + j - cL, kernels.decomp, decompWindow);
    }
  }
  return { comp, decomp };
}
