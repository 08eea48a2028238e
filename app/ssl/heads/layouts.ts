import * as tf from '@tensorflow/tfjs';

/**
 * Token re-arrangements of ACE's composer and decomposer, bit-compatible with the published PyTorch code so
 * weights exchange. Note the asymmetry it implies: the composer's 4D feature is channel-major, the
 * decomposer's is channel-fastest. All transposes are rank ≤ 4 (rank 5 is ~50× slower on wasm).
 */

/** tokens [B, n², D] (n×n grid) → 2×2 blocks [B, (n/2)², 4D], feature = c·4 + 2·dr + dc (F.unfold order). */
export function composeBlocks(tokens: tf.Tensor3D, side: number): tf.Tensor3D {
  const [b = 0, , d = 0] = tokens.shape;
  const half = side / 2;
  // [B·half, dr, half(q), (dc, c)] → [B·half, q, dr, (dc, c)] = rows (b, p, q), features (dr, dc, c).
  const blocks = tf.transpose(tokens.reshape([b * half, 2, half, 2 * d]), [0, 2, 1, 3]).reshape([b * half * half, 4, d]);
  // (dr, dc, c) → (c, dr, dc).
  return tf.transpose(blocks, [0, 2, 1]).reshape([b, half * half, 4 * d]);
}

/** tokens [B, n², 4D], feature = (2·dr + dc)·D + c → sub-tokens [B, (2n)², D] at (2r+dr, 2c+dc) (depth-to-space). */
export function decomposeTokens(tokens: tf.Tensor3D, side: number): tf.Tensor3D {
  const [b = 0, , d4 = 0] = tokens.shape;
  const d = d4 / 4;
  // [B·n(r), n(c), dr, (dc, ch)] → [B·n(r), dr, n(c), (dc, ch)] = row-major (2r+dr, 2c+dc).
  return tf.transpose(tokens.reshape([b * side, side, 2, 2 * d]), [0, 2, 1, 3]).reshape([b, 4 * side * side, d]);
}
