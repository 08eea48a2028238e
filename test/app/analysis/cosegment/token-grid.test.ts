import { describe, expect, it } from 'vitest';
import { guidedFilter } from '../../../../app/analysis/cosegment/guided-filter';
import { boxMean, nearestUpsample, workingGrid } from '../../../../app/analysis/cosegment/raster';
import { tokenCoverage, upsampleTokens } from '../../../../app/analysis/cosegment/token-grid';

/** 8×8 tokens of 8 px at stride 8 on a 64-px input. */
const GRID = { rows: 8, cols: 8, patch: 8, stride: 8, inputSize: 64 };

describe('raster helpers', () => {
  it('box mean clips the window at the borders', () => {
    // 1-D row [0, 3, 6]: windows {0,3}, {0,3,6}, {3,6}.
    expect([...boxMean(Float32Array.from([0, 3, 6]), 3, 1, 1)]).toEqual([1.5, 3, 4.5]);
  });

  it('area-downscales a plane and nearest-upsamples labels', () => {
    const plane = { width: 4, height: 2, channels: 1, data: Float32Array.from([0, 2, 4, 6, 2, 4, 6, 8]) };
    const small = workingGrid(plane, 2);
    expect([small.width, small.height]).toEqual([2, 1]);
    expect([...small.data]).toEqual([2, 6]);
    expect([...nearestUpsample(Uint8Array.from([1, 2]), 2, 1, 4, 2)]).toEqual([1, 1, 2, 2, 1, 1, 2, 2]);
  });
});

describe('token grid', () => {
  it('gives each token the share of its footprint inside a mask', () => {
    // Mask: the left 20 px of a 64-px working grid → token column 2 (px 16–24) is half inside.
    const mask = new Uint8Array(64 * 64);
    for (let y = 0; y < 64; y++) mask.fill(1, y * 64, y * 64 + 20);
    const cov = tokenCoverage(GRID, mask, 64, 64);
    expect([...cov.subarray(0, 8)]).toEqual([1, 1, 0.5, 0, 0, 0, 0, 0]);
    // Same on a 32-px grid (each token 4 cells).
    const half = new Uint8Array(32 * 32);
    for (let y = 0; y < 32; y++) half.fill(1, y * 32, y * 32 + 10);
    expect([...tokenCoverage(GRID, half, 32, 32).subarray(0, 8)]).toEqual([1, 1, 0.5, 0, 0, 0, 0, 0]);
  });

  it('upsamples bilinearly between token centres', () => {
    // Value = token column; centres at x = 4, 12, …: pixel x (centre x + 0.5) gets (x + 0.5 − 4)/8, clamped.
    const values = Float32Array.from({ length: 64 }, (_, t) => t % 8);
    const [up] = upsampleTokens(GRID, values, 1, 64, 64);
    for (const x of [0, 3, 4, 20, 59, 63]) expect(up![10 * 64 + x]).toBeCloseTo(Math.min(7, Math.max(0, (x + 0.5 - 4) / 8)), 6);
  });
});

describe('guided filter on a step edge', () => {
  it('moves the crossing of an upsampled token score onto the intensity edge', () => {
    // Intensity step at x = 37, inside token column 4 (px 32–40); the score is +1 for token centres left of the
    // step (x ≤ 36) and −1 right of it, so bilinear upsampling crosses zero at x = 40, 3 px off the edge.
    const width = 64;
    const guide = new Float32Array(width * width);
    for (let y = 0; y < width; y++) guide.fill(1, y * width + 37, (y + 1) * width);
    const score = Float32Array.from({ length: 64 }, (_, t) => ((t % 8) * 8 + 4 < 37 ? 1 : -1));
    const [up] = upsampleTokens(GRID, score, 1, width, width);
    const wrongSide = (s: Float32Array): number => {
      let n = 0;
      for (let y = 0; y < width; y++) for (let x = 0; x < width; x++) if (s[y * width + x]! > 0 !== x < 37) n++;
      return n;
    };
    expect(wrongSide(up!)).toBe(3 * width);
    const smoothed = guidedFilter(guide, width, width, 8, 0.001).apply(up!);
    expect(wrongSide(smoothed)).toBe(0);
  });

  it('is a box blur where the guide is flat', () => {
    const input = Float32Array.from({ length: 25 }, (_, i) => (i === 12 ? 25 : 0));
    const out = guidedFilter(new Float32Array(25), 5, 5, 1, 0.01).apply(input);
    // a = 0 everywhere, so q is the box mean of the box mean of p. The 3×3 around the centre all have mean 25/9;
    // the corner's clipped 2×2 window holds one of them.
    expect(out[12]).toBeCloseTo(25 / 9, 5);
    expect(out[0]).toBeCloseTo(25 / 9 / 4, 5);
  });
});
