import { describe, expect, it } from 'vitest';
import { bestBuddies, mutualNearestNeighbours } from '../../../../app/analysis/correspondence/best-buddies';
import { tokenCenter } from '../../../../app/analysis/features/grid';
import { createRng } from '../../../../app/phantom/prng';
import { mapOf, type Geometry } from './synthetic-maps';

const g: Geometry = { patch: 2, stride: 2, inputSize: 4, imageWidth: 4, imageHeight: 4 };

function unit(v: number[]): number[] {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

describe('mutualNearestNeighbours', () => {
  it('keeps only pairs that pick each other', async () => {
    // A0 ↔ B1, A2 ↔ B2 and A3 ↔ B0 are mutual; A1 also picks B1, which prefers A0; B3 picks A2, which prefers B2.
    const a = mapOf(g, 2, [[1, 0, 0], unit([0.9, 0.1, 0]), [0, 0, 1], [0, 1, 0]]);
    const b = mapOf(g, 2, [unit([0, 1, 0.2]), [1, 0, 0], unit([0, 0.1, 1]), unit([-1, 0, 0.1])]);
    const m = await mutualNearestNeighbours(a, b);
    expect([...m.a]).toEqual([0, 2, 3]);
    expect([...m.b]).toEqual([1, 2, 0]);
    expect(m.score[0]).toBeCloseTo(1, 6);
    // One row of the similarity matrix per chunk: the per-column bests must merge across chunks.
    const chunked = await mutualNearestNeighbours(a, b, 4);
    expect([...chunked.a]).toEqual([...m.a]);
    expect([...chunked.b]).toEqual([...m.b]);
  });
});

describe('bestBuddies', () => {
  // 4×4 grids of random unit vectors; B holds A's tokens permuted, so every token has an exact buddy.
  const rng = createRng(7);
  const tokens = Array.from({ length: 16 }, () => unit(Array.from({ length: 8 }, () => rng.normal())));
  const perm = [5, 0, 12, 3, 9, 14, 1, 7, 2, 11, 6, 15, 4, 10, 13, 8];
  const geom: Geometry = { patch: 4, stride: 4, inputSize: 16, imageWidth: 160, imageHeight: 80 };
  const a = mapOf(geom, 4, tokens);
  const bTokens: number[][] = new Array(16);
  perm.forEach((to, from) => (bTokens[to] = tokens[from]!));
  const b = mapOf({ ...geom, imageWidth: 32, imageHeight: 32 }, 4, bTokens);

  it('returns `count` pairs (one per k-means cluster) at token centres of both original frames', async () => {
    const pairs = await bestBuddies(a, b, { count: 5 });
    expect(pairs).toHaveLength(5);
    for (const p of pairs) {
      expect(p.tokenB).toBe(perm[p.tokenA]);
      expect(p.score).toBeCloseTo(1, 5);
      expect(p.a).toEqual(tokenCenter(a, Math.floor(p.tokenA / 4), p.tokenA % 4));
      expect(p.b).toEqual(tokenCenter(b, Math.floor(p.tokenB / 4), p.tokenB % 4));
    }
    expect(new Set(pairs.map((p) => p.tokenA)).size).toBe(5);
    expect(await bestBuddies(a, b, { count: 5 })).toEqual(pairs);
  });

  it('keeps all pairs when there are fewer than `count`, and honours the foreground masks', async () => {
    expect(await bestBuddies(a, b, { count: 50 })).toHaveLength(16);
    const maskA = Array.from({ length: 16 }, (_, i) => (i < 8 ? 1 : 0));
    const maskB = Array.from({ length: 16 }, (_, i) => (i === perm[0] || i === perm[1] || i === perm[9] ? 1 : 0));
    const pairs = await bestBuddies(a, b, { count: 10, mask: { a: maskA, b: maskB } });
    expect(pairs.map((p) => p.tokenA).sort()).toEqual([0, 1]);
  });

  it('rejects maps of different dimensions and a bad count', async () => {
    await expect(bestBuddies(a, mapOf(geom, 1, [[1, 0]]))).rejects.toThrow(/different dimensions/);
    await expect(bestBuddies(a, b, { count: 0 })).rejects.toThrow(/count/);
  });
});
