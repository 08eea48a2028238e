import * as tf from '@tensorflow/tfjs';
import type { AceGeometry } from '../geometry/ace-sample';
import { type Plane, cropPlane, halvePlane } from '../geometry/image';
import { type HostTensor, type OnHost, hostTensor, toTensors } from '../data/host-tensor';
import type { AceBatch } from './model';

/** ChestX-ray14 intensity normalisation used by ACE and PEAC (spec §1.4): (x/255 − 0.5056) / 0.252. */
export const CXR_MEAN = 0.5056;
export const CXR_STD = 0.252;

export const normalisePixel = (v: number): number => (v / 255 - CXR_MEAN) / CXR_STD;

/** Planes → normalised NHWC values; grey planes are repeated to `channels` (3 for RGB-trained weights). */
export function stackPlanesOnHost(planes: readonly Plane[], channels = planes[0]?.channels ?? 1): HostTensor {
  const first = planes[0];
  if (!first) throw new Error('empty batch');
  if (first.channels !== 1 && first.channels !== channels) throw new Error(`cannot map ${first.channels} channels to ${channels}`);
  const pixels = first.height * first.width;
  const data = new Float32Array(planes.length * pixels * channels);
  planes.forEach((p, i) => {
    const src = p.data;
    let at = i * pixels * channels;
    // One flat loop when the layouts agree: the per-channel index arithmetic and a `?? 0` per value made this
    // loop ~18 ns a pixel.
    if (p.channels === channels) {
      for (let v = 0; v < pixels * channels; v++) data[at++] = normalisePixel(src[v] as number);
      return;
    }
    // A grey plane repeats its one value over every channel.
    for (let px = 0; px < pixels; px++) {
      const value = normalisePixel(src[px] as number);
      for (let c = 0; c < channels; c++) data[at++] = value;
    }
  });
  return hostTensor(data, [planes.length, first.height, first.width, channels]);
}

/** Planes → normalised NHWC tensor (see stackPlanesOnHost). */
export const stackPlanes = (planes: readonly Plane[], channels?: number): tf.Tensor4D => {
  const { data, shape } = stackPlanesOnHost(planes, channels);
  return tf.tensor4d(data, shape as [number, number, number, number]);
};

function concat(arrays: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(arrays.reduce((s, a) => s + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

/** The two network inputs of every grid-cropped method: large crops (resized) and small crops. */
export interface TwoViews {
  readonly large: tf.Tensor4D;
  readonly small: tf.Tensor4D;
}

export interface ViewOptions {
  /** Per-view augmentation on the cropped 8-bit-range plane (each view independently). */
  readonly augment?: (view: Plane) => Plane;
  readonly channels?: number;
}

/**
 * Crops both views of each image per its geometry (L halved to the S size, as cv2's bilinear resize at 1/2),
 * augments each view, then normalises. Images are 8-bit-range planes of the (jittered) full image.
 */
export function aceViewsOnHost(images: readonly Plane[], geometry: readonly AceGeometry[], options: ViewOptions = {}): OnHost<TwoViews> {
  if (images.length !== geometry.length) throw new Error('one geometry per image');
  const augment = options.augment ?? ((p: Plane) => p);
  const large: Plane[] = [];
  const small: Plane[] = [];
  images.forEach((img, i) => {
    const g = geometry[i] as AceGeometry;
    large.push(augment(halvePlane(cropPlane(img, g.largeBox))));
    small.push(augment(cropPlane(img, g.smallBox)));
  });
  return { large: stackPlanesOnHost(large, options.channels), small: stackPlanesOnHost(small, options.channels) };
}

export const aceViews = (images: readonly Plane[], geometry: readonly AceGeometry[], options: ViewOptions = {}): TwoViews => toTensors(aceViewsOnHost(images, geometry, options));

/** An ACE batch: both views plus overlap masks and composition / decomposition targets. */
export function aceBatchOnHost(images: readonly Plane[], geometry: readonly AceGeometry[], options: ViewOptions = {}): OnHost<AceBatch> {
  const tokens = geometry[0]?.overlapSmall.length ?? 0;
  const b = images.length;
  const targets = (pick: (g: AceGeometry) => Float64Array, cols: number): HostTensor => {
    const data = new Float32Array(b * tokens * cols);
    geometry.forEach((g, i) => data.set(pick(g), i * tokens * cols));
    return hostTensor(data, [b, tokens, cols]);
  };
  return {
    ...aceViewsOnHost(images, geometry, options),
    overlapLarge: concat(geometry.map((g) => g.overlapLarge)),
    overlapSmall: concat(geometry.map((g) => g.overlapSmall)),
    compTarget: targets((g) => g.comp, tokens / 4),
    decompTarget: targets((g) => g.decomp, tokens * 4),
  };
}

export const aceBatch = (images: readonly Plane[], geometry: readonly AceGeometry[], options: ViewOptions = {}): AceBatch => toTensors(aceBatchOnHost(images, geometry, options));

export function disposeAceBatch(batch: AceBatch): void {
  tf.dispose([batch.large, batch.small, batch.compTarget, batch.decompTarget]);
}
