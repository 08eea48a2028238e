import * as tf from '@tensorflow/tfjs';
import { stackPlanesOnHost } from '../ace/batch';
import { type OnHost, hostTensor, toTensors } from '../data/host-tensor';
import { type Plane, cropPlane } from '../geometry/image';
import { type PeacSpec, peacOverlap, samplePeacPlacement } from '../geometry/peac';
import type { Rng } from '../rng';
import { distort, randomPermutation, shufflePatches } from './corrupt';

/**
 * PEAC's data item (spec §1.5) at any cell size: the loaded image spans imageCells + 1 cells; a sub-cell jitter
 * keeps imageCells cells; two crops of cropCells cells (token = cell, no resize). View 1 is, with p 0.5, patch-
 * shuffled by π (clean pixels) and otherwise distorted with π = identity; view 2 is clean. PEAC applies no
 * other augmentation.
 */
export interface PeacBatch {
  /** NHWC, normalised: view 1 as the networks see it, view 2, and the clean unshuffled view 1 (restoration target). */
  readonly view1: tf.Tensor4D;
  readonly view2: tf.Tensor4D;
  readonly clean1: tf.Tensor4D;
  /** One-hot order targets [B·T, T]: row t of sample b is π_b[t]. */
  readonly order: tf.Tensor2D;
  /** [B·T] 0/1 overlap masks; pairs are the k-th set entries of each, per sample. */
  readonly mask1: Uint8Array;
  readonly mask2: Uint8Array;
  /** [B] 1 where view 1 was shuffled (its local loss is skipped). */
  readonly shuffled: Uint8Array;
}

export const peacImageSide = (spec: PeacSpec, cellPx: number): number => (spec.imageCells + 1) * cellPx;

export function peacBatchOnHost(images: readonly Plane[], spec: PeacSpec, cellPx: number, rng: Rng, channels = 1): OnHost<PeacBatch> {
  const t = spec.cropCells * spec.cropCells;
  const b = images.length;
  const views1: Plane[] = [];
  const views2: Plane[] = [];
  const clean: Plane[] = [];
  const order = new Float32Array(b * t * t);
  const mask1 = new Uint8Array(b * t);
  const mask2 = new Uint8Array(b * t);
  const shuffled = new Uint8Array(b);
  images.forEach((img, i) => {
    if (img.height !== peacImageSide(spec, cellPx) || img.width !== img.height) throw new RangeError(`PEAC needs ${peacImageSide(spec, cellPx)}-px square images`);
    const jitter = [rng.int(0, cellPx - 1), rng.int(0, cellPx - 1)] as const;
    const placement = samplePeacPlacement(rng, spec);
    const crop = (o: readonly [number, number]): Plane => {
      const top = jitter[0] + o[0] * cellPx;
      const left = jitter[1] + o[1] * cellPx;
      const side = spec.cropCells * cellPx;
      return cropPlane(img, { rowStart: top, rowEnd: top + side, colStart: left, colEnd: left + side });
    };
    const v1 = crop(placement.view1);
    const shuffle = rng.float() < 0.5;
    const perm = shuffle ? randomPermutation(t, rng) : Array.from({ length: t }, (_, k) => k);
    views1.push(shuffle ? shufflePatches(v1, cellPx, perm) : distort(v1, rng));
    views2.push(crop(placement.view2));
    clean.push(v1);
    perm.forEach((src, k) => (order[(i * t + k) * t + src] = 1));
    const overlap = peacOverlap(spec, placement);
    mask1.set(overlap.mask1, i * t);
    mask2.set(overlap.mask2, i * t);
    shuffled[i] = shuffle ? 1 : 0;
  });
  return {
    view1: stackPlanesOnHost(views1, channels),
    view2: stackPlanesOnHost(views2, channels),
    clean1: stackPlanesOnHost(clean, channels),
    order: hostTensor(order, [b * t, t]),
    mask1,
    mask2,
    shuffled,
  };
}

export const peacBatch = (images: readonly Plane[], spec: PeacSpec, cellPx: number, rng: Rng, channels = 1): PeacBatch => toTensors(peacBatchOnHost(images, spec, cellPx, rng, channels));

export const disposePeacBatch = (batch: PeacBatch): void => tf.dispose([batch.view1, batch.view2, batch.clean1, batch.order]);
