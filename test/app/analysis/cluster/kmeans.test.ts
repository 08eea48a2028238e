import { describe, expect, it } from 'vitest';
import { assign, elbowK, kmeans, squaredDistances } from '../../../../app/analysis/cluster/kmeans';
import { createRng } from '../../../../app/ssl/rng';

/** `perBlob` points around each centre with Gaussian noise of σ = spread per coordinate; returns data and true labels. */
function blobs(centres: number[][], perBlob: number, spread: number, seed = 1): { data: Float32Array; truth: Int32Array; dim: number } {
  const dim = centres[0]!.length;
  const rng = createRng(seed);
  const data = new Float32Array(centres.length * perBlob * dim);
  const truth = new Int32Array(centres.length * perBlob);
  let i = 0;
  // Interleave the blobs so the order of points says nothing about their cluster.
  for (let p = 0; p < perBlob; p++) {
    centres.forEach((c, b) => {
      for (let j = 0; j < dim; j++) data[i * dim + j] = c[j]! + rng.normal() * spread;
      truth[i++] = b;
    });
  }
  return { data, truth, dim };
}

/** Same partition up to renaming of the labels. */
function samePartition(a: Int32Array, b: Int32Array): boolean {
  const map = new Map<number, number>();
  const back = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if ((map.get(x) ?? y) !== y || (back.get(y) ?? x) !== x) return false;
    map.set(x, y);
    back.set(y, x);
  }
  return true;
}

/**
 * Five centres 10 apart in 64 dimensions. High dimension matters for the elbow: splitting an isotropic Gaussian blob
 * in d dimensions removes only about (2/π)/d of its inertia (1 % here), below the 2.5 % the criterion asks for,
 * while merging two true blobs costs far more — as with real token descriptors.
 */
const DIM = 64;
const CENTRES = [0, 1, 2, 3, 4].map((b) => Array.from({ length: DIM }, (_, j) => (j === b ? 10 : 0)));

describe('kmeans', () => {
  it('recovers well-separated blobs exactly', () => {
    const { data, truth, dim } = blobs(CENTRES, 40, 1);
    const res = kmeans(data, dim, 5, { seed: 3, restarts: 3 });
    expect(res.k).toBe(5);
    expect(res.centroids.length).toBe(5 * dim);
    expect(samePartition(res.labels, truth)).toBe(true);
    expect(assign(data, dim, res.centroids)).toEqual(res.labels);
  });

  it('has the closed-form inertia and centroids on a tiny case', () => {
    // Two pairs on a line: {0, 2} and {10, 14}; centroids 1 and 12; squared distances 1, 1, 4, 4 → mean 2.5.
    const res = kmeans(Float32Array.from([0, 2, 10, 14]), 1, 2, { seed: 0 });
    expect([...res.centroids].sort((a, b) => a - b)).toEqual([1, 12]);
    expect(res.inertia).toBeCloseTo(2.5, 6);
    expect(res.labels[0]).toBe(res.labels[1]);
    expect(res.labels[2]).toBe(res.labels[3]);
    expect(res.labels[0]).not.toBe(res.labels[2]);
    // k = 1: the mean (6.5), inertia = mean of 42.25, 20.25, 12.25, 56.25.
    expect(kmeans(Float32Array.from([0, 2, 10, 14]), 1, 1).inertia).toBeCloseTo(32.75, 6);
  });

  it('is deterministic for a seed', () => {
    const { data, dim } = blobs(CENTRES, 30, 4, 7);
    const a = kmeans(data, dim, 4, { seed: 11, restarts: 2 });
    const b = kmeans(data, dim, 4, { seed: 11, restarts: 2 });
    expect(b.labels).toEqual(a.labels);
    expect(b.centroids).toEqual(a.centroids);
    expect(b.inertia).toBe(a.inertia);
  });

  it('keeps k clusters when points are duplicated', () => {
    const res = kmeans(Float32Array.from([1, 1, 1, 1, 5]), 1, 3, { seed: 2 });
    expect(new Set(res.labels).size).toBeGreaterThanOrEqual(2);
    expect(res.inertia).toBe(0);
  });

  it('rejects bad shapes and k', () => {
    expect(() => kmeans(new Float32Array(5), 2, 1)).toThrow(/not a multiple of dim 2/);
    expect(() => kmeans(new Float32Array(4), 2, 3)).toThrow(/k must be an integer in 1\.\.2/);
  });

  it('gives squared distances to every centroid', () => {
    expect([...squaredDistances(Float32Array.from([0, 0, 3, 4]), 2, Float32Array.from([0, 0, 3, 0]))]).toEqual([0, 9, 25, 16]);
  });
});

describe('elbowK', () => {
  it('picks the true number of blobs', () => {
    for (const k of [2, 3, 5]) {
      const { data, dim } = blobs(CENTRES.slice(0, k), 200, 1, k);
      const res = elbowK(data, dim, { seed: 0, restarts: 2 });
      expect(res.k, `inertias ${res.inertias.join(', ')}`).toBe(k);
      // At the true k, what is left is the noise: DIM · σ² per point.
      expect(res.inertias[k - 1]! / DIM).toBeCloseTo(1, 1);
    }
  });

  it('stops at maxK, and at k = 1 for a single blob', () => {
    const { data, dim } = blobs(CENTRES.slice(0, 1), 200, 1);
    expect(elbowK(data, dim, { seed: 0 }).k).toBe(1);
    const line = Float32Array.from({ length: 64 }, (_, i) => i);
    expect(elbowK(line, 1, { maxK: 3, ratio: 1 }).k).toBe(3);
  });
});
