/**
 * Token grid ↔ a working grid of the image (the original frame scaled to width × height). Token (r, c) covers
 * network-input pixels [c·stride, c·stride + patch) across, the input being the whole image stretched, so on a
 * working grid of width w it covers [c·stride·w/inputSize, (c·stride + patch)·w/inputSize).
 */
import type { FeatureMap } from '../features/types';

export type TokenGeometry = Pick<FeatureMap, 'rows' | 'cols' | 'patch' | 'stride' | 'inputSize'>;

/** Per token, the fraction of its footprint where `mask` (width × height) is 1. */
export function tokenCoverage(grid: TokenGeometry, mask: Uint8Array, width: number, height: number): Float32Array {
  // Summed-area table with a zero first row and column.
  const sat = new Float64Array((width + 1) * (height + 1));
  for (let y = 0; y < height; y++) {
    let row = 0;
    for (let x = 0; x < width; x++) {
      row += mask[y * width + x]!;
      sat[(y + 1) * (width + 1) + x + 1] = sat[y * (width + 1) + x + 1]! + row;
    }
  }
  const span = (t: number, cells: number): [number, number] => {
    const scale = cells / grid.inputSize;
    const start = Math.min(cells - 1, Math.floor(t * grid.stride * scale));
    return [start, Math.max(start + 1, Math.min(cells, Math.ceil((t * grid.stride + grid.patch) * scale)))];
  };
  const out = new Float32Array(grid.rows * grid.cols);
  for (let r = 0; r < grid.rows; r++) {
    const [y0, y1] = span(r, height);
    for (let c = 0; c < grid.cols; c++) {
      const [x0, x1] = span(c, width);
      const inside = sat[y1 * (width + 1) + x1]! - sat[y0 * (width + 1) + x1]! - sat[y1 * (width + 1) + x0]! + sat[y0 * (width + 1) + x0]!;
      out[r * grid.cols + c] = inside / ((y1 - y0) * (x1 - x0));
    }
  }
  return out;
}

/** Fractional grid coordinate of every working-grid cell centre along one axis, clamped to the token grid. */
function gridCoordinates(grid: TokenGeometry, cells: number, tokens: number): Float64Array {
  return Float64Array.from({ length: cells }, (_, i) => {
    const input = ((i + 0.5) * grid.inputSize) / cells;
    return Math.min(tokens - 1, Math.max(0, (input - grid.patch / 2) / grid.stride));
  });
}

/**
 * Per-token values (rows·cols) on the working grid, bilinear between token centres (constant beyond the outer
 * centres). `channels` values per token, channel-fastest; the result is one width × height grid per channel.
 */
export function upsampleTokens(grid: TokenGeometry, values: Float32Array, channels: number, width: number, height: number): Float32Array[] {
  const { rows, cols } = grid;
  if (values.length !== rows * cols * channels) throw new Error(`upsampleTokens: ${values.length} values for ${rows}×${cols} tokens × ${channels}`);
  const ys = gridCoordinates(grid, height, rows);
  const xs = gridCoordinates(grid, width, cols);
  const out = Array.from({ length: channels }, () => new Float32Array(width * height));
  for (let y = 0; y < height; y++) {
    const fy = ys[y]!;
    const r0 = Math.floor(fy);
    const r1 = Math.min(rows - 1, r0 + 1);
    const wy = fy - r0;
    for (let x = 0; x < width; x++) {
      const fx = xs[x]!;
      const c0 = Math.floor(fx);
      const c1 = Math.min(cols - 1, c0 + 1);
      const wx = fx - c0;
      const a = (r0 * cols + c0) * channels;
      const b = (r0 * cols + c1) * channels;
      const c = (r1 * cols + c0) * channels;
      const d = (r1 * cols + c1) * channels;
      const at = y * width + x;
      for (let k = 0; k < channels; k++) {
        const top = values[a + k]! + (values[b + k]! - values[a + k]!) * wx;
        const bottom = values[c + k]! + (values[d + k]! - values[c + k]!) * wx;
        out[k]![at] = top + (bottom - top) * wy;
      }
    }
  }
  return out;
}
