import { describe, expect, it } from 'vitest';
import { matchDescriptors, matchLandmarks, matchPoint, queryDescriptors, softArgmax } from '../../../../app/analysis/correspondence/match';
import { descriptorSimilarity, meanDescriptor, similarityMap } from '../../../../app/analysis/correspondence/similarity';
import { bumps, mapFrom, mapOf, type Geometry } from './synthetic-maps';

const S = Math.SQRT1_2;

describe('similarityMap', () => {
  // 2×2 tokens, patch 2 stride 2 on a 4-px input of a 4×4 image: centres at x, y ∈ {1, 3}.
  const g: Geometry = { patch: 2, stride: 2, inputSize: 4, imageWidth: 4, imageHeight: 4 };
  const query = mapOf(g, 2, [[1, 0], [0, 1], [0.6, 0.8], [-1, 0]]);

  it('at a token centre is that token against every key token', () => {
    const s = similarityMap(query, { x: 3, y: 3 }, query);
    expect([...s.values]).toEqual([-1, 0, -0.6000000238418579, 1].map((v) => Math.fround(v)));
    expect(s.rows).toBe(2);
  });

  it('between two centres samples bilinearly and renormalises', () => {
    // Halfway between (1, 0) and (0, 1): (½, ½) renormalised to (√½, √½).
    const s = similarityMap(query, { x: 2, y: 1 }, query);
    const expected = [S, S, 0.6 * S + 0.8 * S, -S];
    [...s.values].forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));
  });

  it('maps original-frame points through the input scaling (non-square image)', () => {
    const wide = { ...query, imageWidth: 8, imageHeight: 4 };
    // x = 6 in an 8-px-wide image is input x 3: the centre of column 1.
    expect([...similarityMap(wide, { x: 6, y: 1 }, query).values].map((v) => Math.round(v * 1e6) / 1e6)).toEqual([0, 1, 0.8, 0]);
  });

  it('rejects descriptors of another dimension', () => {
    const other = mapOf(g, 2, [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0]]);
    expect(() => similarityMap(query, { x: 1, y: 1 }, other)).toThrow(/2 values.*3 per token/);
  });

  it('of a mean descriptor is the mean of the similarities', () => {
    const mean = meanDescriptor([Float32Array.of(1, 0), Float32Array.of(0, 1)]);
    expect([...descriptorSimilarity(mean, query).values].map((v) => Math.round(v * 1e6) / 1e6)).toEqual([0.5, 0.5, 0.7, -0.5]);
  });
});

describe('softArgmax', () => {
  it('weights the 3×3 neighbourhood by exp((s − peak)/T)', () => {
    const values = Float32Array.of(0, 1, 0.5);
    const { r, c } = softArgmax(values, 1, 3, 0, 1, 0.5);
    const w0 = Math.exp(-2);
    const w2 = Math.exp(-1);
    expect(r).toBe(0);
    expect(c).toBeCloseTo(1 + (w2 - w0) / (w0 + 1 + w2), 6);
  });

  it('with the adaptive temperature recovers the offset of a parabolic peak to about 5% of a cell', () => {
    for (const [dr, dc] of [[0, 0], [0.25, -0.1], [-0.45, 0.4], [0.1, 0.49]] as const) {
      const values = new Float32Array(25);
      for (let r = 0; r < 5; r++) for (let c = 0; c < 5; c++) values[r * 5 + c] = 0.9 - 0.03 * ((r - 2 - dr) ** 2 + (c - 2 - dc) ** 2);
      const p = softArgmax(values, 5, 5, 2, 2);
      expect(Math.abs(p.r - 2 - dr)).toBeLessThan(0.06);
      expect(Math.abs(p.c - 2 - dc)).toBeLessThan(0.06);
    }
  });

  it('treats a higher neighbour (outside a search window) as level with the peak, and skips missing values', () => {
    const values = Float32Array.of(Number.NaN, 0.5, 0.9);
    const { c } = softArgmax(values, 1, 3, 0, 1, 1e-6);
    expect(c).toBeCloseTo(1.5, 6);
  });

  it('stays on the best cell when the neighbourhood is flat', () => {
    expect(softArgmax(new Float32Array(9).fill(0.5), 3, 3, 1, 1)).toEqual({ r: 1, c: 1 });
  });
});

describe('matchPoint (coarse-to-fine)', () => {
  // A 256² image at input 256: coarse tokens every 16 px, fine every 4 px. The key is the query shifted by a
  // non-lattice offset, so the true match lies between token centres of both grids.
  const extent = 256;
  const shift = { x: 37.3, y: -21.7 };
  const f = bumps(extent, 12, 12);
  const coarse: Geometry = { patch: 16, stride: 16, inputSize: 256, imageWidth: extent, imageHeight: extent };
  const fine: Geometry = { ...coarse, stride: 4 };
  const query = { coarse: mapFrom(coarse, f.dim, f.at), fine: mapFrom(fine, f.dim, f.at) };
  const keyAt = (x: number, y: number) => f.at(x - shift.x, y - shift.y);
  const key = { coarse: mapFrom(coarse, f.dim, keyAt), fine: mapFrom(fine, f.dim, keyAt) };
  const points = [
    { x: 100.9, y: 140.2 },
    { x: 60.0, y: 90.5 },
    { x: 150.3, y: 171.1 },
  ];

  it('finds the shifted position to a fraction of the fine stride; best tokens alone are quantised', () => {
    for (const p of points) {
      const truth = { x: p.x + shift.x, y: p.y + shift.y };
      const m = matchPoint(query, p, key);
      const err = Math.hypot(m.x - truth.x, m.y - truth.y);
      // Measured: 0.11–0.16 px, against 1.5–2.3 px for the best fine token and 2.7–7.4 px for the best coarse one.
      expect(err).toBeLessThan(0.5);
      expect(m.score).toBeGreaterThan(0.95);
      // The coarse similarity map comes along (Explore draws it as the heat map); it peaks near the truth.
      const peak = m.coarse.values.indexOf(Math.max(...m.coarse.values));
      expect(m.coarse.rows).toBe(key.coarse.rows);
      expect(Math.abs(Math.floor(peak / m.coarse.cols) * 16 + 8 - truth.y)).toBeLessThanOrEqual(16);
      expect(Math.abs((peak % m.coarse.cols) * 16 + 8 - truth.x)).toBeLessThanOrEqual(16);
      const hardFine = matchPoint(query, p, key, { temperature: 1e-9 });
      expect(Math.hypot(hardFine.x - truth.x, hardFine.y - truth.y)).toBeGreaterThan(1);
      const hardCoarse = matchPoint({ coarse: query.coarse }, p, { coarse: key.coarse }, { temperature: 1e-9 });
      expect(Math.hypot(hardCoarse.x - truth.x, hardCoarse.y - truth.y)).toBeGreaterThan(2);
    }
  });

  it('searches the fine map only near the coarse match: a far look-alike on the fine map is ignored', () => {
    const p = points[0]!;
    const decoyFine = mapFrom(fine, f.dim, (x, y) => (Math.hypot(x - 30, y - 30) < 3 ? f.at(p.x, p.y) : keyAt(x, y)));
    const m = matchPoint(query, p, { coarse: key.coarse, fine: decoyFine });
    expect(Math.hypot(m.x - (p.x + shift.x), m.y - (p.y + shift.y))).toBeLessThan(1);
  });

  it('with a search radius looks only near the aligned position (a far look-alike wins a global search)', () => {
    const p = points[0]!;
    const decoy = (x: number, y: number) => (Math.hypot(x - 232, y - 232) < 9 ? f.at(p.x, p.y) : keyAt(x, y));
    const decoyKey = { coarse: mapFrom(coarse, f.dim, decoy), fine: mapFrom(fine, f.dim, decoy) };
    const global = matchPoint(query, p, decoyKey);
    expect(Math.hypot(global.x - 232, global.y - 232)).toBeLessThan(12);
    // The aligned position is p itself (same frames); the truth is 43 px from it, the decoy 164 px.
    const near = matchPoint(query, p, decoyKey, { searchRadius: 0.25 });
    expect(Math.hypot(near.x - (p.x + shift.x), near.y - (p.y + shift.y))).toBeLessThan(0.5);
    // A radius that holds no token centre falls back to the token nearest the aligned position.
    const tiny = matchDescriptors(queryDescriptors({ coarse: query.coarse }, p), { coarse: key.coarse }, { near: { x: 30, y: 30, radius: 0.1 }, temperature: 1e-9 });
    expect(tiny.x).toBeCloseTo(24, 3);
    expect(tiny.y).toBeCloseTo(24, 3);
  });

  it('matches every named landmark', () => {
    const out = matchLandmarks(query, { a: points[0]!, b: points[1]! }, key);
    expect(out.map((o) => o.landmark)).toEqual(['a', 'b']);
    expect(out[1]!.x).toBeCloseTo(points[1]!.x + shift.x, 0);
  });
});
