import { describe, expect, it } from 'vitest';
import { pointToGrid, sampleDescriptor, tokenCenter } from '../../../../app/analysis/features/grid';
import type { FeatureMap } from '../../../../app/analysis/features/types';

const geometry = { patch: 16, stride: 8, inputSize: 224, imageWidth: 1024, imageHeight: 512 };

describe('token grid ↔ image frame', () => {
  it('token centres: (c·stride + patch/2)·width/inputSize, likewise for rows', () => {
    expect(tokenCenter(geometry, 0, 0)).toEqual({ x: (8 * 1024) / 224, y: (8 * 512) / 224 });
    expect(tokenCenter(geometry, 2, 3)).toEqual({ x: (32 * 1024) / 224, y: (24 * 512) / 224 });
  });

  it('pointToGrid inverts tokenCenter, fractionally and beyond the grid', () => {
    for (const [r, c] of [[0, 0], [4.25, 7.5], [26, 26], [-1, 30]] as const) {
      const { x, y } = tokenCenter(geometry, r, c);
      const back = pointToGrid(geometry, x, y);
      expect(back.r).toBeCloseTo(r, 10);
      expect(back.c).toBeCloseTo(c, 10);
    }
    expect(pointToGrid(geometry, 0, 0)).toEqual({ r: -1, c: -1 });
  });
});

describe('sampleDescriptor', () => {
  // 2×3 grid, 2-d tokens: row 0 = e0, e1, e0; row 1 = e1, e1, e1.
  const e0 = [1, 0];
  const e1 = [0, 1];
  const map: FeatureMap = { ...geometry, rows: 2, cols: 3, dim: 2, data: Float32Array.from([...e0, ...e1, ...e0, ...e1, ...e1, ...e1]) };
  const close = (got: Float32Array, want: number[]) => want.forEach((v, k) => expect(got[k]).toBeCloseTo(v, 6));

  it('returns the token itself at integer positions', () => {
    close(sampleDescriptor(map, 0, 1), e1);
    close(sampleDescriptor(map, 1, 2), e1);
  });

  it('interpolates bilinearly and renormalises', () => {
    // Halfway between e0 and e1: (0.5, 0.5)/‖·‖.
    close(sampleDescriptor(map, 0, 0.5), [Math.SQRT1_2, Math.SQRT1_2]);
    // (0.25, 0.75) weights of the four tokens around (0.5, 0.5): 0.25·(e0 + e1 + e1 + e1) = (0.25, 0.75) → /‖·‖.
    const n = Math.hypot(0.25, 0.75);
    close(sampleDescriptor(map, 0.5, 0.5), [0.25 / n, 0.75 / n]);
  });

  it('clamps positions outside the grid to the border', () => {
    close(sampleDescriptor(map, -3, -2), e0);
    close(sampleDescriptor(map, 9, 9), e1);
  });
});
