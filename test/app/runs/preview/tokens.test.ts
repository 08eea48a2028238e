import { describe, expect, it } from 'vitest';
import { pcaRgb } from '../../../../app/runs/preview/pca-rgb';
import { similarityTo, tokenAt } from '../../../../app/runs/preview/similarity';

describe('similarity to a clicked token', () => {
  const s = Math.SQRT1_2;
  // 1×3 grid of unit vectors in 2-D: e1, (e1+e2)/√2, e2.
  const grid = { rows: 1, cols: 3, dim: 2, tokens: Float32Array.of(1, 0, s, s, 0, 1) };

  it('is the cosine (dot product of unit tokens) to that token', () => {
    expect(Array.from(similarityTo(grid, 0, 0))).toEqual([1, Math.fround(s), 0]);
    expect(Array.from(similarityTo(grid, 0, 1)).map((v) => Number(v.toFixed(6)))).toEqual([0.707107, 1, 0.707107]);
    expect(() => similarityTo(grid, 1, 0)).toThrow(/outside the 1×3 grid/);
  });

  it('finds the token under a point given as fractions of the image, edges included', () => {
    expect(tokenAt({ rows: 4, cols: 4 }, 0, 0)).toEqual({ row: 0, col: 0 });
    expect(tokenAt({ rows: 4, cols: 4 }, 0.3, 0.74)).toEqual({ row: 2, col: 1 });
    expect(tokenAt({ rows: 4, cols: 4 }, 1, 1)).toEqual({ row: 3, col: 3 });
  });
});

describe('PCA colours', () => {
  it('maps the main axes of variation to R, G, B, each min–max scaled, with a fixed sign', () => {
    // Points on three orthogonal axes of decreasing spread: ±3 e1, ±2 e2, ±1 e3 (4-D features).
    const rows = [
      [3, 0, 0, 0],
      [-3, 0, 0, 0],
      [0, 2, 0, 0],
      [0, -2, 0, 0],
      [0, 0, 1, 0],
      [0, 0, -1, 0],
    ];
    const { rgb, explained } = pcaRgb(Float32Array.from(rows.flat()), 4);
    const channel = (c: number) => Array.from({ length: 6 }, (_, i) => Number(rgb[i * 3 + c]!.toFixed(4)));
    // Largest loading positive: +3 e1 is the reddest point.
    expect(channel(0)).toEqual([1, 0, 0.5, 0.5, 0.5, 0.5]);
    expect(channel(1)).toEqual([0.5, 0.5, 1, 0, 0.5, 0.5]);
    expect(channel(2)).toEqual([0.5, 0.5, 0.5, 0.5, 1, 0]);
    // Variances 18 : 8 : 2 (of 28).
    expect(explained.map((v) => Number(v.toFixed(4)))).toEqual([0.6429, 0.2857, 0.0714]);
    // More features than rows (the n×n Gram path): the same points in 8-D give the same colours.
    const wide = pcaRgb(Float32Array.from(rows.flatMap((r) => [...r, 0, 0, 0, 0])), 8);
    expect(Array.from(wide.rgb).map((v) => Number(v.toFixed(4)))).toEqual(Array.from(rgb).map((v) => Number(v.toFixed(4))));
    expect(wide.explained.map((v) => Number(v.toFixed(4)))).toEqual([0.6429, 0.2857, 0.0714]);
  });

  it('is cheap enough for every checkpoint: ViT-T’s 196 tokens of 192 features in tens of ms (bound generous for a loaded machine)', () => {
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const features = Float32Array.from({ length: 196 * 192 }, random);
    const t0 = performance.now();
    pcaRgb(features, 192);
    expect(performance.now() - t0).toBeLessThan(400);
  });
});
