import * as tf from '@tensorflow/tfjs';
import { matMul2d } from './matmul';

/**
 * Resampling of the patch position embeddings to another token grid, as timm's resample_abs_pos_embed
 * (bicubic, align_corners = False, A = −0.75, border-clamped taps). Written as a fixed [N_out, N_in] matrix
 * applied with a matmul so the embedding stays trainable at the new size.
 */
function cubic(t: number): number {
  const a = -0.75;
  const x = Math.abs(t);
  if (x <= 1) return (a + 2) * x ** 3 - (a + 3) * x ** 2 + 1;
  if (x < 2) return a * x ** 3 - 5 * a * x ** 2 + 8 * a * x - 4 * a;
  return 0;
}

/** [outSize, inSize] 1-D bicubic resampling matrix. */
export function bicubicMatrix(inSize: number, outSize: number): Float64Array {
  const m = new Float64Array(outSize * inSize);
  const scale = inSize / outSize;
  for (let o = 0; o < outSize; o++) {
    const src = (o + 0.5) * scale - 0.5;
    const base = Math.floor(src);
    const frac = src - base;
    for (let k = -1; k <= 2; k++) {
      const idx = Math.min(Math.max(base + k, 0), inSize - 1);
      m[o * inSize + idx] = (m[o * inSize + idx] ?? 0) + cubic(k - frac);
    }
  }
  return m;
}

const cache = new Map<string, Float32Array>();

/** Kronecker product of the row and column matrices: [outH·outW, inH·inW], row-major grids. */
export function gridResampleMatrix(inGrid: readonly [number, number], outGrid: readonly [number, number]): Float32Array {
  const key = `${inGrid}->${outGrid}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const [ih, iw] = inGrid;
  const [oh, ow] = outGrid;
  const ry = bicubicMatrix(ih, oh);
  const rx = bicubicMatrix(iw, ow);
  const m = new Float32Array(oh * ow * ih * iw);
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      for (let i = 0; i < ih; i++) {
        const wy = ry[y * ih + i] ?? 0;
        if (wy === 0) continue;
        for (let j = 0; j < iw; j++) m[(y * ow + x) * ih * iw + i * iw + j] = wy * (rx[x * iw + j] ?? 0);
      }
    }
  }
  cache.set(key, m);
  return m;
}

/** patchPos [N_in, D] on inGrid → [N_out, D] on outGrid. */
export function resamplePosEmbed(patchPos: tf.Tensor2D, inGrid: readonly [number, number], outGrid: readonly [number, number]): tf.Tensor2D {
  const m = tf.tensor2d(gridResampleMatrix(inGrid, outGrid), [outGrid[0] * outGrid[1], inGrid[0] * inGrid[1]]);
  return matMul2d(m, patchPos);
}
