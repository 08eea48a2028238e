import * as tf from '@tensorflow/tfjs';
import { aceBatchOnHost, aceViewsOnHost, disposeAceBatch, type TwoViews } from '../ace/batch';
import type { AceModelConfig } from '../ace/model';
import { DINO_LAST_LAYER, aceObjective, aceStateShape } from '../ace/objective';
import { ACE_LOSS } from '../losses/ace';
import { barlowConfig, barlowObjective, barlowStateShape } from '../barlow/objective';
import { ACE_AUGMENT, augmentView } from '../data/augment';
import { type OnHost, toTensors } from '../data/host-tensor';
import { randomResizedCrop } from '../data/resample';
import { dinoObjective, dinoStateShape } from '../dino/objective';
import { sampleAceGeometry } from '../geometry/ace-sample';
import type { GridSpec } from '../geometry/grid';
import type { Plane } from '../geometry/image';
import { PEAC_GRID, type PeacSpec } from '../geometry/peac';
import { denseHeadConfig } from '../heads/dense-head';
import type { DinoHeadConfig } from '../heads/dino-head';
import { type VitConfig, type VitForwardOptions, vitConfig } from '../nn/vit';
import { disposePeacBatch, peacBatchOnHost, peacImageSide } from '../peac/batch';
import { peacObjective, peacStateShape } from '../peac/objective';
import type { Rng } from '../rng';
import type { TrainConfig } from './config';
import { type Objective, type StateShape, type StepHyper, type StepTerms, type TrainState, trainStep } from './step';

/** A step's micro-batches as the host side of the pipeline made them (plain arrays: may come from a worker). */
export interface PreparedStep {
  readonly microBatches: readonly object[];
}

/**
 * A method = its networks (state shape), its host-side data pipeline (crops, augmentations, corruptions) and
 * its objective. The batch type stays inside: the loop hands over images and gets loss terms back. The two
 * halves of a step are apart so that the host side of step k + 1 can run on another thread during step k.
 */
export interface Method {
  readonly shape: StateShape;
  readonly terms: readonly string[];
  /** Side in px of the square source images the pipeline crops from. */
  readonly imageSide: number;
  /** Frozen during the first freezeLastLayerEpochs epochs. */
  readonly lastLayer: readonly string[];
  /** The host side of a step: one micro-batch per image group, all randomness drawn from `rng`. No tensors. */
  prepare(groups: readonly (readonly Plane[])[], rng: Rng): PreparedStep;
  /** One optimisation step on prepared micro-batches. */
  step(state: TrainState, prepared: PreparedStep, hyper: StepHyper, forward: VitForwardOptions): Promise<StepTerms>;
}

interface Parts<B, T extends tf.TensorContainer, K extends string> {
  readonly shape: StateShape;
  readonly imageSide: number;
  readonly lastLayer: readonly string[];
  readonly objective: Objective<B, T, K>;
  makeBatch(images: readonly Plane[], rng: Rng): OnHost<B>;
  disposeBatch(batch: B): void;
}

function method<B, T extends tf.TensorContainer, K extends string>(parts: Parts<B, T, K>): Method {
  return {
    shape: parts.shape,
    terms: parts.objective.terms,
    imageSide: parts.imageSide,
    lastLayer: parts.lastLayer,
    prepare: (groups, rng) => ({ microBatches: groups.map((g) => parts.makeBatch(g, rng)) }),
    async step(state, prepared, hyper, forward) {
      const batches = prepared.microBatches.map((b) => toTensors<B>(b as OnHost<B>));
      try {
        return await trainStep(state, parts.objective, batches, hyper, forward);
      } finally {
        batches.forEach((b) => parts.disposeBatch(b));
      }
    },
  };
}

export function backboneOf(c: TrainConfig): VitConfig {
  const base = vitConfig(c.backbone);
  return vitConfig(c.backbone, {
    imgSize: c.cropCells * c.cellSize,
    patchSize: c.cellSize,
    inChans: c.channels,
    embedDim: c.embedDim ?? base.embedDim,
    depth: c.depth ?? base.depth,
    numHeads: c.numHeads ?? base.numHeads,
    dropPathRate: c.dropPath,
    gelu: c.gelu,
  });
}

const dinoHeadOf = (c: TrainConfig, inDim: number): DinoHeadConfig => ({
  inDim,
  hiddenDim: c.dinoHiddenDim,
  bottleneckDim: c.dinoBottleneckDim,
  outDim: c.dinoOutDim,
  nlayers: 3,
  normLastLayer: true,
  gelu: c.gelu,
});

export const gridOf = (c: TrainConfig): GridSpec => ({ imageCells: c.imageSize / c.cellSize, cellPx: c.cellSize, smallCells: c.cropCells });

/** ACE's grid crops after the shared global jitter, each view augmented on its own. */
function gridCrops(c: TrainConfig) {
  const grid = gridOf(c);
  if (!Number.isInteger(grid.imageCells)) throw new RangeError(`imageSize ${c.imageSize} is not a multiple of cellSize ${c.cellSize}`);
  return (images: readonly Plane[], rng: Rng) => {
    const jittered = images.map((img) => (c.augment ? randomResizedCrop(img, rng) : img));
    const geometry = jittered.map(() => sampleAceGeometry(rng, grid));
    const options = { channels: c.channels, augment: c.augment ? (v: Plane) => augmentView(v, rng, ACE_AUGMENT) : undefined };
    return { jittered, geometry, options };
  };
}

const disposeViews = (v: TwoViews): void => tf.dispose([v.large, v.small]);

/** PEAC's crop grid for a run: its 4-cell slack (18-cell image, 14-cell crops) around crops of any size. */
export const peacSpecOf = (c: TrainConfig): PeacSpec => ({ ...PEAC_GRID, cropCells: c.cropCells, imageCells: c.cropCells + PEAC_GRID.imageCells - PEAC_GRID.cropCells });

export function createMethod(c: TrainConfig): Method {
  const backbone = backboneOf(c);
  const temps = { teacherTemp: c.teacherTemp, studentTemp: c.studentTemp };
  switch (c.method) {
    case 'ace': {
      const crops = gridCrops(c);
      const model: AceModelConfig = { backbone, dinoHead: dinoHeadOf(c, backbone.embedDim), denseHead: denseHeadConfig(backbone.embedDim) };
      return method({
        shape: aceStateShape(model),
        imageSide: c.imageSize,
        lastLayer: [DINO_LAST_LAYER],
        objective: aceObjective(model, { ...ACE_LOSS, ...temps }),
        makeBatch: (images, rng) => {
          const { jittered, geometry, options } = crops(images, rng);
          return aceBatchOnHost(jittered, geometry, options);
        },
        disposeBatch: disposeAceBatch,
      });
    }
    case 'dino':
    case 'barlow': {
      const crops = gridCrops(c);
      const twoViews = (images: readonly Plane[], rng: Rng): OnHost<TwoViews> => {
        const { jittered, geometry, options } = crops(images, rng);
        return aceViewsOnHost(jittered, geometry, options);
      };
      if (c.method === 'dino') {
        const model = { backbone, dinoHead: dinoHeadOf(c, backbone.embedDim) };
        return method({ shape: dinoStateShape(model), imageSide: c.imageSize, lastLayer: [DINO_LAST_LAYER], objective: dinoObjective(model, temps), makeBatch: twoViews, disposeBatch: disposeViews });
      }
      const model = barlowConfig(backbone, c.projDim);
      return method({ shape: barlowStateShape(model), imageSide: c.imageSize, lastLayer: [], objective: barlowObjective(model), makeBatch: twoViews, disposeBatch: disposeViews });
    }
    case 'peac':
    case 'peac-1': {
      const spec = peacSpecOf(c);
      const model = { backbone, projDim: c.projDim, localDim: c.peacLocalDim, local: c.method === 'peac' };
      return method({
        shape: peacStateShape(model),
        imageSide: peacImageSide(spec, c.cellSize),
        lastLayer: [],
        objective: peacObjective(model),
        makeBatch: (images, rng) => peacBatchOnHost(images, spec, c.cellSize, rng, c.channels),
        disposeBatch: disposePeacBatch,
      });
    }
  }
}
