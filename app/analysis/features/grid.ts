import { normaliseRows } from './normalise';
import type { FeatureMap } from './types';

/**
 * Token grid ↔ original image frame. Token (r, c) covers input pixels [r·stride, r·stride + patch) on each axis
 * of the inputSize² network input, which is the image stretched; its centre is r·stride + patch/2 there
 * (dino-vit-features' token-to-pixel rule, spec §5.1), scaled back by imageSize / inputSize per axis.
 */
type GridGeometry = Pick<FeatureMap, 'patch' | 'stride' | 'inputSize' | 'imageWidth' | 'imageHeight'>;

export function tokenCenter(map: GridGeometry, r: number, c: number): { x: number; y: number } {
  return {
    x: ((c * map.stride + map.patch / 2) * map.imageWidth) / map.inputSize,
    y: ((r * map.stride + map.patch / 2) * map.imageHeight) / map.inputSize,
  };
}

/** Inverse of tokenCenter: fractional (r, c), not clamped to the grid. */
export function pointToGrid(map: GridGeometry, x: number, y: number): { r: number; c: number } {
  return {
    r: ((y * map.inputSize) / map.imageHeight - map.patch / 2) / map.stride,
    c: ((x * map.inputSize) / map.imageWidth - map.patch / 2) / map.stride,
  };
}

/**
 * The descriptor at a fractional grid position: bilinear between the four surrounding tokens (positions clamped
 * to the grid), renormalised to unit length like every token.
 */
export function sampleDescriptor(map: FeatureMap, r: number, c: number): Float32Array {
  const { rows, cols, dim, data } = map;
  const fr = Math.min(Math.max(r, 0), rows - 1);
  const fc = Math.min(Math.max(c, 0), cols - 1);
  const r0 = Math.floor(fr);
  const c0 = Math.floor(fc);
  const r1 = Math.min(r0 + 1, rows - 1);
  const c1 = Math.min(c0 + 1, cols - 1);
  const wr = fr - r0;
  const wc = fc - c0;
  const out = new Float32Array(dim);
  const add = (rr: number, cc: number, w: number): void => {
    if (w === 0) return;
    const at = (rr * cols + cc) * dim;
    for (let k = 0; k < dim; k++) out[k]! += w * data[at + k]!;
  };
  add(r0, c0, (1 - wr) * (1 - wc));
  add(r0, c1, (1 - wr) * wc);
  add(r1, c0, wr * (1 - wc));
  add(r1, c1, wr * wc);
  return normaliseRows(out, dim);
}
