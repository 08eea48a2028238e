import { describe, expect, it } from 'vitest';
import { normaliseAxes, project, PROJECTIONS, type Point2 } from '../../../../app/analysis/embeddings/projection';
import { createRng } from '../../../../app/ssl/rng';

/** Two tight Gaussian clusters of `n` points each, far apart in 8-d. */
function twoClusters(n: number, seed: number): Float32Array[] {
  const rng = createRng(seed);
  return Array.from({ length: 2 * n }, (_, i) => Float32Array.from({ length: 8 }, (_, d) => (i < n ? 0 : d === 0 ? 10 : 5) + 0.1 * rng.normal()));
}

/** Every point's nearest other point in the map is from its own cluster. */
function separated(points: readonly Point2[], n: number): boolean {
  return points.every((p, i) => {
    let best = -1;
    let bestD = Infinity;
    points.forEach((q, j) => {
      const d = (p.x - q.x) ** 2 + (p.y - q.y) ** 2;
      if (j !== i && d < bestD) [best, bestD] = [j, d];
    });
    return i < n === best < n;
  });
}

const fast = { tsne: { iterations: 300 } };

describe('projections', () => {
  it('normalise each axis by its range about its midpoint; a flat or noise-only axis maps to 0', () => {
    expect(normaliseAxes([[0, 5], [4, 5], [2, 5 + 1e-12]])).toEqual([{ x: -0.5, y: 0 }, { x: 0.5, y: 0 }, { x: 0, y: 0 }]);
    expect(normaliseAxes([[1, -2], [3, 2]])).toEqual([{ x: -0.5, y: -0.5 }, { x: 0.5, y: 0.5 }]);
  });

  for (const method of PROJECTIONS) {
    it(`${method}: one normalised point per vector, reproducible from the seed, separating two clusters`, async () => {
      const data = twoClusters(20, 1);
      const a = await project(data, method, { seed: 3, ...fast });
      expect(a).toHaveLength(40);
      for (const k of ['x', 'y'] as const) {
        const values = a.map((p) => p[k]);
        expect(Math.min(...values)).toBeCloseTo(-0.5, 9);
        expect(Math.max(...values)).toBeCloseTo(0.5, 9);
      }
      expect(await project(data, method, { seed: 3, ...fast })).toEqual(a);
      expect(separated(a, 20)).toBe(true);
    });
  }

  it('PCA puts points on a line along x in order, y = 0', async () => {
    const line = [0, 1, 3, 4].map((t) => Float32Array.from([t, 2 * t, -t]));
    const map = await project(line, 'pca');
    const xs = map.map((p) => p.x);
    // Either sign of the component is a valid PCA; positions are fixed up to that sign.
    const s = Math.sign(xs[3]! - xs[0]!);
    expect(xs.map((x) => s * x)).toEqual([-0.5, -0.25, 0.25, 0.5].map((v) => expect.closeTo(v, 6)));
    expect(map.every((p) => p.y === 0)).toBe(true);
  });

  it('t-SNE and UMAP change with the seed, report progress and stop when cancelled', async () => {
    const data = twoClusters(10, 2);
    expect(await project(data, 'tsne', { seed: 1, ...fast })).not.toEqual(await project(data, 'tsne', { seed: 2, ...fast }));
    expect(await project(data, 'umap', { seed: 1 })).not.toEqual(await project(data, 'umap', { seed: 2 }));
    const seen: number[] = [];
    await project(data, 'tsne', { ...fast, onProgress: (done, total) => seen.push(done / total) });
    expect(seen[seen.length - 1]).toBe(1);
    expect(seen.every((v, i) => i === 0 || v > seen[i - 1]!)).toBe(true);
    for (const method of ['tsne', 'umap'] as const) {
      const controller = new AbortController();
      const pending = project(data, method, { ...fast, signal: controller.signal, onProgress: () => controller.abort() });
      await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    }
  });

  it('needs at least 3 vectors of one length', async () => {
    await expect(project([new Float32Array(2), new Float32Array(2)], 'pca')).rejects.toThrow(/at least 3 vectors/);
    await expect(project([new Float32Array(2), new Float32Array(2), new Float32Array(3)], 'tsne')).rejects.toThrow(/one non-zero length/);
  });
});
