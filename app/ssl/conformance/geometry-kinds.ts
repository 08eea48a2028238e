import { type AcePlacement, type GridSpec, aceMasks, inputPx, largeCropBox, smallCropBox } from '../geometry/grid';
import { peacOverlap } from '../geometry/peac';
import { aceTargets } from '../geometry/targets';
import type { ResultTree } from './compare';
import type { VectorCase } from './format';
import { hostFrom, num, pair } from './read';

const box = (b: { rowStart: number; rowEnd: number; colStart: number; colEnd: number }): ResultTree => ({
  row_start: b.rowStart,
  row_end: b.rowEnd,
  col_start: b.colStart,
  col_end: b.colEnd,
});

export function gridGeometry(c: VectorCase): ResultTree {
  const spec: GridSpec = { imageCells: num(c.params, 'image_cells'), cellPx: num(c.params, 'cell_px'), smallCells: num(c.params, 'small_cells') };
  if (num(c.params, 'large_cells') !== 2 * spec.smallCells) throw new Error('large_cells must be 2 × small_cells');
  const kernels = { comp: num(c.params, 'comp_kernel'), decomp: num(c.params, 'decomp_kernel'), sigma: num(c.params, 'sigma') };
  const placement: AcePlacement = { large: pair(c.input, 'large_origin'), small: pair(c.input, 'small_origin') };
  const n = spec.smallCells;
  const masks = aceMasks(spec, placement);
  const targets = aceTargets(spec, placement, kernels);
  return {
    overlap_small: hostFrom([n * n], masks.overlapSmall, 'int32'),
    overlap_large: hostFrom([n * n], masks.overlapLarge, 'int32'),
    comp_target: hostFrom([n * n, (n / 2) ** 2], targets.comp),
    decomp_target: hostFrom([n * n, (2 * n) ** 2], targets.decomp),
    large_crop_px: box(largeCropBox(spec, placement)),
    small_crop_px: box(smallCropBox(spec, placement)),
    input_px: inputPx(spec),
  };
}

export function peacGridGeometry(c: VectorCase): ResultTree {
  const spec = { imageCells: num(c.params, 'image_cells'), cropCells: num(c.params, 'crop_cells') };
  const n = spec.cropCells;
  const o = peacOverlap(spec, { view1: pair(c.input, 'origin_1'), view2: pair(c.input, 'origin_2') });
  return {
    overlap_1: hostFrom([n * n], o.mask1, 'int32'),
    overlap_2: hostFrom([n * n], o.mask2, 'int32'),
    pairs: hostFrom([o.pairs.length / 2, 2], o.pairs, 'int32'),
  };
}
