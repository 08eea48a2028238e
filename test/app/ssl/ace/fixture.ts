import { sampleAceGeometry } from '../../../../app/ssl/geometry/ace-sample';
import type { GridSpec } from '../../../../app/ssl/geometry/grid';
import type { Plane } from '../../../../app/ssl/geometry/image';
import { aceBatch } from '../../../../app/ssl/ace/batch';
import type { AceModelConfig } from '../../../../app/ssl/ace/model';
import { VIT_PRESETS } from '../../../../app/ssl/nn/vit';
import { createRng } from '../../../../app/ssl/rng';

/** A tiny ACE problem: 2-px cells (64-px image), 28-px crops, a 1-block ViT with 2-px patches → 14×14 tokens. */
export const TINY_GRID: GridSpec = { imageCells: 32, cellPx: 2, smallCells: 14 };

export const TINY_ACE: AceModelConfig = {
  backbone: { ...VIT_PRESETS['vit-t16'], imgSize: 28, patchSize: 2, inChans: 1, embedDim: 16, depth: 1, numHeads: 2 },
  dinoHead: { inDim: 16, hiddenDim: 32, bottleneckDim: 8, outDim: 64, nlayers: 3, normLastLayer: true, gelu: 'erf' },
  denseHead: { inDim: 16, outDim: 16, numLayers: 3, bnEps: 1e-5 },
};

/** Smooth synthetic "radiograph" in 0..255 so neighbouring cells look alike, plus seeded noise. */
export function syntheticImage(seed: number, side = TINY_GRID.imageCells * TINY_GRID.cellPx): Plane {
  const rng = createRng(seed);
  const data = new Float32Array(side * side);
  const fx = 1 + rng.float() * 3;
  const fy = 1 + rng.float() * 3;
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      data[y * side + x] = 128 + 60 * Math.sin((fx * x) / side * Math.PI) * Math.cos((fy * y) / side * Math.PI) + 10 * rng.normal();
    }
  }
  return { height: side, width: side, channels: 1, data };
}

export function tinyBatch(seed: number, size = 2) {
  const rng = createRng(seed);
  const geometry = Array.from({ length: size }, () => sampleAceGeometry(rng, TINY_GRID));
  return aceBatch(Array.from({ length: size }, (_, i) => syntheticImage(seed * 100 + i)), geometry);
}
