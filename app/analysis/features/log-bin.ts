/**
 * dino-vit-features' log-binning (`_log_bin`, hierarchy 2; spec §5.1): every token's descriptor becomes 17 bins
 * of D values, bin-major — first the 3×3 neighbours at spacing 1 on the raw map (row by row, the token itself in
 * the middle), then the 8 neighbours at spacing 3 on the 3×3 average-pooled map (stride 1, 'same' padding that
 * does not count towards the mean), skipping the centre. Neighbours off the grid take the nearest border token.
 */
export const LOG_BINS = 17;

/** 3×3 box mean over a token-major [rows·cols·dim] map, counting only the taps inside the grid. */
function boxMean3(data: Float32Array, rows: number, cols: number, dim: number): Float32Array {
  const across = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const c0 = Math.max(c - 1, 0);
      const c1 = Math.min(c + 1, cols - 1);
      const out = (r * cols + c) * dim;
      for (let j = c0; j <= c1; j++) {
        const src = (r * cols + j) * dim;
        for (let k = 0; k < dim; k++) across[out + k]! += data[src + k]!;
      }
      const n = c1 - c0 + 1;
      for (let k = 0; k < dim; k++) across[out + k]! /= n;
    }
  }
  const mean = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) {
    const r0 = Math.max(r - 1, 0);
    const r1 = Math.min(r + 1, rows - 1);
    for (let c = 0; c < cols; c++) {
      const out = (r * cols + c) * dim;
      for (let i = r0; i <= r1; i++) {
        const src = (i * cols + c) * dim;
        for (let k = 0; k < dim; k++) mean[out + k]! += across[src + k]!;
      }
      const n = r1 - r0 + 1;
      for (let k = 0; k < dim; k++) mean[out + k]! /= n;
    }
  }
  return mean;
}

/** [rows·cols·dim] token-major → [rows·cols·17·dim]. */
export function logBin(data: Float32Array, rows: number, cols: number, dim: number): Float32Array {
  if (data.length !== rows * cols * dim) throw new Error(`log-binning: ${data.length} values for a ${rows}×${cols}×${dim} map`);
  const pooled = boxMean3(data, rows, cols, dim);
  const out = new Float32Array(data.length * LOG_BINS);
  const clampR = (i: number): number => Math.min(Math.max(i, 0), rows - 1);
  const clampC = (j: number): number => Math.min(Math.max(j, 0), cols - 1);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++) {
      let at = (y * cols + x) * LOG_BINS * dim;
      const put = (source: Float32Array, i: number, j: number): void => {
        const src = (clampR(i) * cols + clampC(j)) * dim;
        out.set(source.subarray(src, src + dim), at);
        at += dim;
      };
      for (let i = y - 1; i <= y + 1; i++) for (let j = x - 1; j <= x + 1; j++) put(data, i, j);
      for (let i = y - 3; i <= y + 3; i += 3) for (let j = x - 3; j <= x + 3; j += 3) if (i !== y || j !== x) put(pooled, i, j);
    }
  }
  return out;
}
