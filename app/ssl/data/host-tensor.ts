import * as tf from '@tensorflow/tfjs';

/**
 * A tensor's values and shape in plain memory: what the host side of the data pipeline (crops, augmentations,
 * targets) produces, so that it can run on a worker thread and cross to the training thread by transfer.
 */
export interface HostTensor {
  readonly kind: 'host-tensor';
  readonly data: Float32Array;
  readonly shape: readonly number[];
}

export const hostTensor = (data: Float32Array, shape: readonly number[]): HostTensor => ({ kind: 'host-tensor', data, shape });

/** A batch type with its tensors held on the host. */
export type OnHost<B> = { readonly [K in keyof B]: B[K] extends tf.Tensor ? HostTensor : B[K] };

const isHostTensor = (x: unknown): x is HostTensor => typeof x === 'object' && x !== null && (x as HostTensor).kind === 'host-tensor';

/** The batch with every host tensor made a float32 tf tensor (other fields as they are). */
export function toTensors<B>(host: OnHost<B>): B {
  return Object.fromEntries(Object.entries(host).map(([k, v]) => [k, isHostTensor(v) ? tf.tensor(v.data, [...v.shape], 'float32') : v])) as B;
}

/** The buffers a host batch can hand over without a copy (postMessage's transfer list). */
export function transferables(host: object): ArrayBuffer[] {
  return Object.values(host).flatMap((v: unknown) => {
    if (isHostTensor(v)) return [v.data.buffer as ArrayBuffer];
    return ArrayBuffer.isView(v) ? [v.buffer as ArrayBuffer] : [];
  });
}
