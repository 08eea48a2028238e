import { describe, expect, it } from 'vitest';
import { LOG_BINS, logBin } from '../../../../app/analysis/features/log-bin';

/**
 * A 5×5 map whose channel 0 is 10r + c and channel 1 is 100 + r. A mean of a linear function over a window is
 * the function at the window's mean position, and the 3×3 window clipped to the grid has mean row m(r) with
 * m(0) = 0.5, m(4) = 3.5, else r: so the pooled map is 10·m(r) + m(c) in closed form.
 */
const side = 5;
const map = new Float32Array(side * side * 2);
for (let r = 0; r < side; r++) for (let c = 0; c < side; c++) map.set([10 * r + c, 100 + r], (r * side + c) * 2);

const binsAt = (out: Float32Array, r: number, c: number, channel: number): number[] =>
  Array.from({ length: LOG_BINS }, (_, b) => out[((r * side + c) * LOG_BINS + b) * 2 + channel]!);

describe('log-binning (dino-vit-features _log_bin, hierarchy 2)', () => {
  const out = logBin(map, side, side, 2);

  it('gives 17 bins of D values per token', () => {
    expect(out.length).toBe(side * side * 17 * 2);
  });

  it('corner token: raw 3×3 clamped to the border, then the 8 pooled neighbours at spacing 3', () => {
    expect(binsAt(out, 0, 0, 0)).toEqual([0, 0, 1, 0, 0, 1, 10, 10, 11, 5.5, 5.5, 8, 5.5, 8, 30.5, 30.5, 33]);
    expect(binsAt(out, 0, 0, 1)).toEqual([100, 100, 100, 100, 100, 100, 101, 101, 101, 100.5, 100.5, 100.5, 100.5, 100.5, 103, 103, 103]);
  });

  it('centre token: raw neighbours inside, pooled neighbours clamped (padding not counted in the means)', () => {
    expect(binsAt(out, 2, 2, 0)).toEqual([11, 12, 13, 21, 22, 23, 31, 32, 33, 5.5, 7, 8.5, 20.5, 23.5, 35.5, 37, 38.5]);
  });

  it('rejects a map whose size does not match its grid', () => {
    expect(() => logBin(new Float32Array(10), 3, 3, 1)).toThrow(/10 values for a 3×3×1 map/);
  });
});
