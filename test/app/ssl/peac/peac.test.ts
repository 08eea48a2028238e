import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bezierRemap, distort, inPaint, localPixelShuffle, outPaint, randomPermutation, shufflePatches } from '../../../../app/ssl/peac/corrupt';
import { disposePeacBatch, peacBatch, peacImageSide } from '../../../../app/ssl/peac/batch';
import type { Plane } from '../../../../app/ssl/geometry/image';
import { tokenMeans } from '../../../../app/ssl/nn/masked-mean';
import { patchify, unpatchify } from '../../../../app/ssl/nn/patchify';
import { createRng } from '../../../../app/ssl/rng';
import { useBackend } from '../golden';

beforeAll(() => useBackend('cpu'));

/** Every pixel carries the id of its cell (row-major on a side×side grid of `cell`-px cells). */
const cellIds = (side: number, cell: number): Plane => {
  const data = new Float32Array(side * side);
  for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) data[y * side + x] = Math.floor(y / cell) * (side / cell) + Math.floor(x / cell);
  return { height: side, width: side, channels: 1, data };
};

describe('PEAC corruptions', () => {
  it('patch shuffling puts source patch π[t] at position t', () => {
    const img = cellIds(8, 2);
    const perm = randomPermutation(16, createRng(1));
    const out = shufflePatches(img, 2, perm);
    for (let t = 0; t < 16; t++) {
      const [r, c] = [Math.floor(t / 4) * 2, (t % 4) * 2];
      expect(out.data[r * 8 + c]).toBe(perm[t]);
      expect(out.data[(r + 1) * 8 + c + 1]).toBe(perm[t]);
    }
  });

  it('pixel shuffling keeps the multiset of values; the remaps stay in range; painting adds noise windows', () => {
    const img = cellIds(40, 4);
    const rng = createRng(2);
    const shuffled = localPixelShuffle(img, rng);
    expect(Array.from(shuffled.data).sort((a, b) => a - b)).toEqual(Array.from(img.data).sort((a, b) => a - b));
    const grey: Plane = { ...img, data: img.data.map((v) => v * 2.5) };
    for (const f of [bezierRemap, inPaint, outPaint, distort]) {
      const out = f(grey, rng);
      expect(out.data.every((v) => v >= 0 && v <= 255)).toBe(true);
      expect(out.data.length).toBe(grey.data.length);
    }
  });
});

describe('PEAC batch', () => {
  it('pairs overlap tokens of the same cell, one-hot order targets π, clean view-1 targets', () => {
    const spec = { imageCells: 18, cropCells: 14 };
    const cell = 2;
    const side = peacImageSide(spec, cell);
    // Cell ids of the 19×19-cell source; after the sub-cell jitter a crop's pixel (0,0) of token t lies in one source cell.
    const batch = peacBatch([cellIds(side, cell), cellIds(side, cell), cellIds(side, cell), cellIds(side, cell)], spec, cell, createRng(4));
    const t = 196;
    expect(batch.view1.shape).toEqual([4, 28, 28, 1]);
    const order = batch.order.arraySync();
    order.forEach((row) => expect(row.reduce((a, b) => a + b, 0)).toBe(1));
    const v2 = batch.view2.arraySync();
    const c1 = batch.clean1.arraySync();
    for (let b = 0; b < 4; b++) {
      const ids = (img: number[][][][], k: number) => img[b]![Math.floor(k / 14) * 2 + 1]![(k % 14) * 2 + 1]![0]!;
      const m1 = [...Array(t).keys()].filter((k) => batch.mask1[b * t + k]);
      const m2 = [...Array(t).keys()].filter((k) => batch.mask2[b * t + k]);
      expect(m1.length).toBeGreaterThanOrEqual(100);
      expect(m1.length).toBe(m2.length);
      m1.forEach((k, n) => expect(ids(c1, k)).toBeCloseTo(ids(v2, m2[n]!), 5));
      if (!batch.shuffled[b]) for (let k = 0; k < t; k++) expect(order[b * t + k]![k]).toBe(1);
    }
    disposePeacBatch(batch);
  });
});

describe('token layout helpers', () => {
  it('unpatchify inverts patchify and token means average each image', () => {
    const x = tf.randomNormal([2, 8, 6, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
    const { rows, grid } = patchify(x, 2);
    expect(Array.from(unpatchify(rows, 2, grid, 2).dataSync())).toEqual(Array.from(x.dataSync()));
    const means = tokenMeans(tf.tensor3d([[[1, 2], [3, 4]], [[5, 6], [7, 10]]])).arraySync();
    expect(means).toEqual([[2, 3], [6, 8]]);
  });
});
