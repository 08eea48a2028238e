import { describe, expect, it } from 'vitest';
import type { PixelRect } from '../../../../app/api/schemas/runs';
import { centreSquare, intersect, toSourceRect } from '../../../../app/runs/preview/run-sample';
import { type SampleGeometry, sampleGeometry, spreadPairs } from '../../../../app/runs/preview/sample-geometry';
import { createRng } from '../../../../app/ssl/rng';
import { type TrainConfig, parseTrainConfig } from '../../../../app/ssl/train/config';

/** Token t of a view as a rectangle of the trainer's image. */
function tokenRect(g: SampleGeometry, view: 0 | 1, t: number): PixelRect {
  const v = g.views[view];
  const size = (v.box.colEnd - v.box.colStart) / v.tokens;
  return { x: v.box.colStart + (t % v.tokens) * size, y: v.box.rowStart + Math.floor(t / v.tokens) * size, width: size, height: size };
}

const contains = (outer: PixelRect, inner: PixelRect): boolean =>
  inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;

const configs: Record<string, TrainConfig> = {
  ace: parseTrainConfig({ method: 'ace' }),
  dino: parseTrainConfig({ method: 'dino', imageSize: 64, cellSize: 8, cropCells: 4 }),
  peac: parseTrainConfig({ method: 'peac' }),
};

describe('a training sample drawn with the method’s geometry', () => {
  for (const [name, config] of Object.entries(configs)) {
    it(`${name}: boxes lie inside the image, masks mark the overlap, and every pair is the same place in both views`, () => {
      for (let seed = 0; seed < 20; seed++) {
        const g = sampleGeometry(config, createRng(seed));
        for (const v of g.views) {
          expect(v.box.rowStart).toBeGreaterThanOrEqual(0);
          expect(v.box.colStart).toBeGreaterThanOrEqual(0);
          expect(v.box.rowEnd).toBeLessThanOrEqual(g.imageSide);
          expect(v.box.colEnd).toBeLessThanOrEqual(g.imageSide);
          expect(v.overlap.length).toBe(v.tokens * v.tokens);
        }
        const inOverlap = (view: 0 | 1) => g.views[view].overlap.reduce((s, m) => s + m, 0);
        // Every view-2 overlap token has exactly one partner.
        expect(g.pairs.length).toBe(inOverlap(1));
        expect(g.pairs.length).toBeGreaterThan(0);
        for (const [a, b] of g.pairs) {
          expect(g.views[0].overlap[a]).toBe(1);
          expect(g.views[1].overlap[b]).toBe(1);
          // ACE: the S token (one cell) lies inside its L token (2×2 cells); PEAC: both are the same cell.
          expect(contains(tokenRect(g, 0, a), tokenRect(g, 1, b))).toBe(true);
        }
      }
    });
  }

  it('ACE: L spans twice the cells of S, both have the crop’s token grid', () => {
    const g = sampleGeometry(configs.ace!, createRng(5));
    expect(g.imageSide).toBe(512);
    const [l, s] = g.views;
    expect([l.tokens, s.tokens]).toEqual([14, 14]);
    expect([l.box.rowEnd - l.box.rowStart, s.box.rowEnd - s.box.rowStart]).toEqual([448, 224]);
  });

  it('PEAC: two crops of the crop size on the jittered cell grid of a (crop + 5)-cell image', () => {
    const g = sampleGeometry(configs.peac!, createRng(5));
    expect(g.imageSide).toBe(19 * 16);
    for (const v of g.views) expect(v.box.rowEnd - v.box.rowStart).toBe(224);
    expect(Math.abs(g.views[0].box.rowStart - g.views[1].box.rowStart) % 16).toBe(0);
  });

  it('spreads a few pairs over the overlap, one per view-1 token, farthest first from the centre', () => {
    // View 2 is a 4×4 grid fully in the overlap; each pair's view-1 token is shared by two view-2 tokens in a row.
    const pairs = Array.from({ length: 16 }, (_, t) => [Math.floor(t / 2), t] as const);
    // Distinct view-1 tokens keep view-2 tokens 0, 2, …, 14: cells (0,0), (0,2), (1,0), …, (3,2), centred at (1.5, 1).
    // Nearest the centre (first of four ties): (1,0) = t 4; farthest from it: (3,2) = t 14; then (0,2) = t 2 (distance² 5).
    expect(spreadPairs(pairs, 3, 4)).toEqual([
      [2, 4],
      [7, 14],
      [1, 2],
    ]);
    expect(spreadPairs(pairs, 20, 4)).toHaveLength(8);
    expect(spreadPairs([], 3, 4)).toEqual([]);
  });
});

describe('from the trainer’s image to the cached image', () => {
  it('maps through the centre square the sources load', () => {
    const square = centreSquare(300, 200);
    expect(square).toEqual({ x: 50, y: 0, width: 200, height: 200 });
    // 512-px trainer image: 1 px there = 200/512 px here.
    expect(toSourceRect({ rowStart: 256, rowEnd: 512, colStart: 0, colEnd: 128 }, square, 512)).toEqual({ x: 50, y: 100, width: 50, height: 100 });
  });

  it('intersects rectangles, null when they only touch', () => {
    expect(intersect({ x: 0, y: 0, width: 10, height: 10 }, { x: 5, y: 8, width: 10, height: 10 })).toEqual({ x: 5, y: 8, width: 5, height: 2 });
    expect(intersect({ x: 0, y: 0, width: 10, height: 10 }, { x: 10, y: 0, width: 5, height: 5 })).toBeNull();
  });
});
