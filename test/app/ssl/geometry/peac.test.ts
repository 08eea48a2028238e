import { describe, expect, it } from 'vitest';
import { PEAC_GRID, maskIndices, peacOverlap, samplePeacPlacement } from '../../../../app/ssl/geometry/peac';
import { createRng } from '../../../../app/ssl/rng';
import { describeGolden } from '../golden';

describe('PEAC crops', () => {
  it('pairs the same image cell and always overlaps on at least 100 tokens', () => {
    const rng = createRng(2);
    const n = PEAC_GRID.cropCells;
    const bad: string[] = [];
    for (let k = 0; k < 2000; k++) {
      const p = samplePeacPlacement(rng, PEAC_GRID);
      const o = peacOverlap(PEAC_GRID, p);
      const count = o.pairs.length / 2;
      if (count < 100 || maskIndices(o.mask2).length !== count) bad.push(`${JSON.stringify(p)} count ${count}`);
      for (let q = 0; q < count; q++) {
        const a = o.pairs[2 * q] ?? -1;
        const b = o.pairs[2 * q + 1] ?? -1;
        const sameRow = p.view1[0] + Math.floor(a / n) === p.view2[0] + Math.floor(b / n);
        const sameCol = p.view1[1] + (a % n) === p.view2[1] + (b % n);
        if (!sameRow || !sameCol) bad.push(`${JSON.stringify(p)} pair ${q}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('overlaps fully for identical origins', () => {
    const o = peacOverlap(PEAC_GRID, { view1: [2, 3], view2: [2, 3] });
    expect(o.pairs.length / 2).toBe(196);
  });
});

describeGolden(['peac_grid_geometry']);
