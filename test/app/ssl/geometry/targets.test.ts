import { describe, expect, it } from 'vitest';
import { PAPER_GRID } from '../../../../app/ssl/geometry/grid';
import { aceTargets, gaussianWindow } from '../../../../app/ssl/geometry/targets';

describe('ACE Gaussian targets', () => {
  it('uses exp(-(a²+b²)/2) with centre 1 on a square window', () => {
    const w = gaussianWindow(3, 1);
    expect(Array.from(w)).toEqual([Math.exp(-1), Math.exp(-0.5), Math.exp(-1), Math.exp(-0.5), 1, Math.exp(-0.5), Math.exp(-1), Math.exp(-0.5), Math.exp(-1)]);
    expect(gaussianWindow(5, 1)[0]).toBeCloseTo(Math.exp(-4), 15);
    expect(() => gaussianWindow(4, 1)).toThrow();
  });

  it('stamps the comp window around the matching block and truncates it at the 7×7 edge only', () => {
    // L at (0,0), S at (0,0): L token (0,0) covers cells 0..1 = S block (0,0); window clipped at the corner.
    const { comp, decomp } = aceTargets(PAPER_GRID, { large: [0, 0], small: [0, 0] });
    const row0 = Array.from(comp.subarray(0, 49));
    expect(row0[0]).toBe(1);
    expect(row0[1]).toBeCloseTo(Math.exp(-0.5), 15);
    expect(row0[7]).toBeCloseTo(Math.exp(-0.5), 15);
    expect(row0[8]).toBeCloseTo(Math.exp(-1), 15);
    expect(row0.filter((v) => v !== 0)).toHaveLength(4);
    // L token (3,3) → block (3,3), fully inside: 9 entries. L token (7,0) lies outside S (cells 14..15): empty row.
    expect(Array.from(comp.subarray((3 * 14 + 3) * 49, (3 * 14 + 4) * 49)).filter((v) => v !== 0)).toHaveLength(9);
    expect(Array.from(comp.subarray((7 * 14) * 49, (7 * 14 + 1) * 49)).every((v) => v === 0)).toBe(true);
    // S token (13,13) = cell (13,13) = sub-token 13*28+13; window 5×5 reaches past the overlap (cell 14) — kept.
    const d = decomp.subarray((13 * 14 + 13) * 784, (13 * 14 + 14) * 784);
    expect(d[13 * 28 + 13]).toBe(1);
    expect(d[15 * 28 + 15]).toBeCloseTo(Math.exp(-4), 15);
    expect(Array.from(d).filter((v) => v !== 0)).toHaveLength(25);
  });
});
