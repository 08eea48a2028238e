import * as tf from '@tensorflow/tfjs';
import { patchify } from '../../ssl/nn/patchify';

/**
 * NHWC images → the rows of every patch×patch window at `stride` (im2col), [B·gh·gw, p·p·C] ordered (ky, kx, c)
 * like patchify, so one matmul with the patch-embedding weight is the strided convolution. `stride` divides the
 * patch: with q = patch/stride, a window is q×q cells of stride², and the cells at offset (a, b) inside every
 * window form one non-overlapping patchify of the image shifted by (a·stride, b·stride). Interleaving those q²
 * patchifies gives ky = a·stride + dy, kx = b·stride + dx. Slices, reshapes and rank-4 transposes only (no
 * gather or conv: both are slow or missing on wasm).
 */
export function overlappingPatches(images: tf.Tensor4D, patch: number, stride: number): { rows: tf.Tensor2D; grid: [number, number] } {
  const [batch = 0, h = 0, w = 0, c = 0] = images.shape;
  if (patch % stride !== 0) throw new Error(`stride ${stride} does not divide patch ${patch}`);
  if ((h - patch) % stride !== 0 || (w - patch) % stride !== 0) throw new Error(`image ${h}×${w} does not fit patch ${patch} at stride ${stride}`);
  if (stride === patch) return patchify(images, patch);
  const q = patch / stride;
  const grid: [number, number] = [1 + (h - patch) / stride, 1 + (w - patch) / stride];
  const tokens = batch * grid[0] * grid[1];
  const cell = stride * c;
  const cellRows = (a: number, b: number): tf.Tensor => {
    const shifted = tf.slice(images, [0, a * stride, b * stride, 0], [batch, grid[0] * stride, grid[1] * stride, c]);
    // Per token: (dy, dx·c) for the cell at window offset (a, b).
    return patchify(shifted, stride).rows.reshape([tokens, stride, 1, cell]);
  };
  const bands = Array.from({ length: q }, (_, a) => tf.concat(Array.from({ length: q }, (_, b) => cellRows(a, b)), 2).reshape([tokens, stride * patch * c]));
  return { rows: tf.concat(bands, 1) as tf.Tensor2D, grid };
}
