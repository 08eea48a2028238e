import * as tf from '@tensorflow/tfjs';
import type { AceGeometry } from '../geometry/ace-sample';
import { type Plane, cropPlane, halvePlane } from '../geometry/image';
import type { AceBatch } from './model';

/** ChestX-ray14 intensity normalisation used by ACE and PEAC (spec §1.4): (x/255 − 0.5056) / 0.252. */
export const CXR_MEAN = 0.5056;
export const CXR_STD = 0.252;

function stack(planes: readonly Plane[], normalise: (v: number) => number): tf.Tensor4D {
  const first = planes[0];
  if (!first) throw new Error('empty batch');
  const per = first.height * first.width * first.channels;
  const data = new Float32Array(planes.length * per);
  planes.forEach((p, i) => {
    for (let k = 0; k < per; k++) data[i * per + k] = normalise(p.data[k] ?? 0);
  });
  return tf.tensor4d(data, [planes.length, first.height, first.width, first.channels]);
}

function concat(arrays: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(arrays.reduce((s, a) => s + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

/**
 * Crops both views of each image per its geometry (L halved to the S size, as cv2's bilinear resize at 1/2)
 * and assembles an ACE batch. Images are 8-bit-range planes of the jittered full image; augmentations, if
 * any, are applied by the caller before this point.
 */
export function aceBatch(images: readonly Plane[], geometry: readonly AceGeometry[]): AceBatch {
  if (images.length !== geometry.length) throw new Error('one geometry per image');
  const normalise = (v: number): number => (v / 255 - CXR_MEAN) / CXR_STD;
  const tokens = geometry[0]?.overlapSmall.length ?? 0;
  const b = images.length;
  const targets = (pick: (g: AceGeometry) => Float64Array, cols: number): tf.Tensor3D => {
    const data = new Float32Array(b * tokens * cols);
    geometry.forEach((g, i) => data.set(pick(g), i * tokens * cols));
    return tf.tensor3d(data, [b, tokens, cols]);
  };
  return {
    large: stack(images.map((img, i) => halvePlane(cropPlane(img, (geometry[i] as AceGeometry).largeBox))), normalise),
    small: stack(images.map((img, i) => cropPlane(img, (geometry[i] as AceGeometry).smallBox)), normalise),
    overlapLarge: concat(geometry.map((g) => g.overlapLarge)),
    overlapSmall: concat(geometry.map((g) => g.overlapSmall)),
    compTarget: targets((g) => g.comp, tokens / 4),
    decompTarget: targets((g) => g.decomp, tokens * 4),
  };
}

export function disposeAceBatch(batch: AceBatch): void {
  tf.dispose([batch.large, batch.small, batch.compTarget, batch.decompTarget]);
}
