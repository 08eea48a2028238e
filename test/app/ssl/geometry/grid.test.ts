import { describe, expect, it } from 'vitest';
import { aceGeometry, sampleAceGeometry } from '../../../../app/ssl/geometry/ace-sample';
import {
  type AcePlacement,
  type GridSpec,
  CPU_GRID,
  PAPER_GRID,
  aceMasks,
  inputPx,
  overlapInterval,
  sampleAcePlacement,
  smallOriginChoices,
  validateGrid,
} from '../../../../app/ssl/geometry/grid';
import { type Plane, cropPlane, halvePlane } from '../../../../app/ssl/geometry/image';
import { createRng } from '../../../../app/ssl/rng';
import { describeGolden } from '../golden';

/** Image whose every pixel carries the id of its grid cell (row*imageCells + col). */
function cellIdImage(spec: GridSpec): Plane {
  const side = spec.imageCells * spec.cellPx;
  const data = new Float32Array(side * side);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) data[y * side + x] = Math.floor(y / spec.cellPx) * spec.imageCells + Math.floor(x / spec.cellPx);
  }
  return { height: side, width: side, channels: 1, data };
}

const pixel = (p: Plane, y: number, x: number): number => p.data[y * p.width + x] ?? NaN;

/**
 * The spec's cell-id test: crop both views of a cell-id image the way the pipeline does (L resized by 1/2) and
 * check that masks and targets pair tokens carrying identical cell ids. Returns the mismatches (one expect per
 * crop keeps thousands of crops fast).
 */
function cellIdMismatches(spec: GridSpec, placement: AcePlacement): string[] {
  const g = aceGeometry(spec, placement);
  const img = cellIdImage(spec);
  const small = cropPlane(img, g.smallBox);
  const large = halvePlane(cropPlane(img, g.largeBox));
  const n = spec.smallCells;
  const m = spec.cellPx;
  const bad: string[] = [];
  const check = (ok: boolean, what: string): void => {
    if (!ok) bad.push(`${JSON.stringify(placement)} ${what}`);
  };
  check(small.height === inputPx(spec) && large.height === inputPx(spec), 'input size');
  // Id of S token (i, j); id of L sub-token (u, v) = quadrant of L token (u>>1, v>>1), each m/2 px after resizing.
  const sId = (i: number, j: number): number => pixel(small, i * m + m / 2, j * m + m / 2);
  const lSubId = (u: number, v: number): number => pixel(large, u * (m / 2) + Math.floor(m / 4), v * (m / 2) + Math.floor(m / 4));
  const lCells = new Set<number>();
  for (let u = 0; u < 2 * n; u++) for (let v = 0; v < 2 * n; v++) lCells.add(lSubId(u, v));
  const sCells = new Set<number>();
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) sCells.add(sId(i, j));
  const b = n / 2;

  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const t = i * n + j;
      check(g.overlapSmall[t] === (lCells.has(sId(i, j)) ? 1 : 0), `O_S ${i},${j}`);
      const quadrants = [lSubId(2 * i, 2 * j), lSubId(2 * i, 2 * j + 1), lSubId(2 * i + 1, 2 * j), lSubId(2 * i + 1, 2 * j + 1)];
      const inS = quadrants.filter((id) => sCells.has(id)).length;
      check(inS === 0 || inS === 4, `L token ${i},${j} straddles S`);
      check(g.overlapLarge[t] === (inS === 4 ? 1 : 0), `O_L ${i},${j}`);

      // Decomposition: the centre (weight 1) of S token t's row is the L sub-token showing the same cell.
      const dRow = g.decomp.subarray(t * 4 * n * n, (t + 1) * 4 * n * n);
      const dk = dRow.indexOf(1);
      if (g.overlapSmall[t]) {
        check(dk >= 0 && dRow.lastIndexOf(1) === dk, `decomp row ${t} has one centre`);
        check(lSubId(Math.floor(dk / (2 * n)), dk % (2 * n)) === sId(i, j), `decomp centre of ${i},${j}`);
      } else {
        check(!dRow.some((v) => v !== 0), `decomp row ${t} empty`);
      }

      // Composition: the centre of L token t's row is the S 2×2 block showing the same four cells, same order.
      const cRow = g.comp.subarray(t * b * b, (t + 1) * b * b);
      const ck = cRow.indexOf(1);
      if (g.overlapLarge[t]) {
        check(ck >= 0 && cRow.lastIndexOf(1) === ck, `comp row ${t} has one centre`);
        const p = Math.floor(ck / b);
        const q = ck % b;
        const block = [sId(2 * p, 2 * q), sId(2 * p, 2 * q + 1), sId(2 * p + 1, 2 * q), sId(2 * p + 1, 2 * q + 1)];
        check(block.every((id, k) => id === quadrants[k]), `comp centre of ${i},${j}`);
      } else {
        check(!cRow.some((v) => v !== 0), `comp row ${t} empty`);
      }
    }
  }
  return bad;
}

const count = (mask: Uint8Array): number => mask.reduce((s, v) => s + v, 0);

describe('ACE grid geometry', () => {
  it('passes the cell-id test at the paper and CPU-default resolutions', () => {
    const rng = createRng(3);
    for (const spec of [PAPER_GRID, CPU_GRID]) {
      for (let k = 0; k < 4; k++) expect(cellIdMismatches(spec, sampleAcePlacement(rng, spec))).toEqual([]);
    }
    expect(cellIdMismatches(PAPER_GRID, { large: [0, 4], small: [18, 0] })).toEqual([]);
  });

  it('passes the cell-id test for 2000 random crops on grids of 28 to 41 cells', () => {
    const rng = createRng(11);
    for (let k = 0; k < 2000; k++) {
      const spec: GridSpec = { imageCells: 28 + (k % 14), cellPx: 4, smallCells: 14 };
      const bad = cellIdMismatches(spec, sampleAcePlacement(rng, spec));
      if (bad.length > 0) expect(bad).toEqual([]);
    }
  });

  it('is not the transposed mask of the published code when row and column offsets differ', () => {
    const placement: AcePlacement = { large: [0, 4], small: [18, 0] };
    const { overlapSmall } = aceMasks(PAPER_GRID, placement);
    // Overlap rows [18, 28), cols [4, 14): S tokens with i >= 0 in rows 18..27 → i in [0, 10), j in [4, 14).
    expect(overlapSmall[0 * 14 + 4]).toBe(1);
    expect(overlapSmall[4 * 14 + 0]).toBe(0);
    expect(overlapSmall[13 * 14 + 13]).toBe(0);
  });

  it('guarantees the spec overlap counts on the 32-cell grid (enumerated)', () => {
    const perAxis = new Map<number, number>();
    for (let rL = 0; rL <= 4; rL++) {
      for (const rS of smallOriginChoices(PAPER_GRID, rL)) {
        const iv = overlapInterval(PAPER_GRID, rL, rS);
        perAxis.set(iv.end - iv.start, (perAxis.get(iv.end - iv.start) ?? 0) + 1);
      }
    }
    expect([...perAxis.keys()].sort((a, b) => a - b)).toEqual([10, 12, 14]);
    expect([...perAxis.values()].reduce((a, b) => a + b)).toBe(48);
    expect(perAxis.get(14)).toBe(40);
    const rng = createRng(5);
    for (let k = 0; k < 500; k++) {
      const { overlapSmall, overlapLarge } = aceMasks(PAPER_GRID, sampleAcePlacement(rng, PAPER_GRID));
      expect(count(overlapSmall)).toBeGreaterThanOrEqual(100);
      expect(count(overlapLarge)).toBeGreaterThanOrEqual(25);
      expect(count(overlapLarge)).toBeLessThanOrEqual(49);
      expect(count(overlapSmall)).toBe(4 * count(overlapLarge));
    }
  });

  it('samples valid origins, all of them, deterministically per seed', () => {
    const seen = new Set<string>();
    const rng = createRng(9);
    for (let k = 0; k < 4000; k++) {
      const p = sampleAcePlacement(rng, PAPER_GRID);
      for (const a of [0, 1] as const) {
        expect(p.large[a]).toBeGreaterThanOrEqual(0);
        expect(p.large[a]).toBeLessThanOrEqual(4);
        expect(smallOriginChoices(PAPER_GRID, p.large[a])).toContain(p.small[a]);
      }
      seen.add(`${p.large[0]},${p.small[0]}`);
    }
    expect(seen.size).toBe(48);
    expect(sampleAceGeometry(createRng(1), CPU_GRID).placement).toEqual(sampleAceGeometry(createRng(1), CPU_GRID).placement);
  });

  it('rejects grids and placements that break the pairing', () => {
    expect(() => validateGrid({ imageCells: 27, cellPx: 16, smallCells: 14 })).toThrow();
    expect(() => validateGrid({ imageCells: 42, cellPx: 16, smallCells: 14 })).toThrow();
    expect(() => validateGrid({ imageCells: 32, cellPx: 15, smallCells: 14 })).toThrow();
    expect(() => aceMasks(PAPER_GRID, { large: [1, 0], small: [2, 0] })).toThrow();
    expect(() => aceMasks(PAPER_GRID, { large: [5, 0], small: [5, 0] })).toThrow();
  });
});

describeGolden(['grid_geometry']);
