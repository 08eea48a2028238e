import * as tf from '@tensorflow/tfjs';

/**
 * NHWC images [B, H, W, C] → patch rows [B·gh·gw, p·p·C] ordered (ky, kx, c), row-major over the grid. This
 * replaces the stride-p conv (whose backprop kernels are missing on wasm) by reshapes, one rank-4 transpose
 * and a single matmul with the patch-embedding weight.
 */
export function patchify(images: tf.Tensor4D, patch: number): { rows: tf.Tensor2D; grid: [number, number] } {
  const [b = 0, h = 0, w = 0, c = 0] = images.shape;
  if (h % patch !== 0 || w % patch !== 0) throw new Error(`image ${h}×${w} is not a multiple of patch ${patch}`);
  const gh = h / patch;
  const gw = w / patch;
  const rows = tf.transpose(images.reshape([b * gh, patch, gw, patch * c]), [0, 2, 1, 3]).reshape([b * gh * gw, patch * patch * c]);
  return { rows: rows as tf.Tensor2D, grid: [gh, gw] };
}

/** Inverse of patchify: rows [B·gh·gw, p·p·C] ordered (ky, kx, c) → NHWC [B, gh·p, gw·p, C]. */
export function unpatchify(rows: tf.Tensor2D, batch: number, grid: readonly [number, number], patch: number): tf.Tensor4D {
  const [gh, gw] = grid;
  const c = (rows.shape[1] ?? 0) / (patch * patch);
  const images = tf.transpose(rows.reshape([batch * gh, gw, patch, patch * c]), [0, 2, 1, 3]);
  return images.reshape([batch, gh * patch, gw * patch, c]);
}
