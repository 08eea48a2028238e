import * as tf from '@tensorflow/tfjs';
import { type HostTensor, decodeTensor } from './format';

/** Typed accessors over a case's loosely typed params / input, failing loudly with the key name. */
export function num(obj: Record<string, unknown>, key: string): number {
  const v = obj[key];
  if (typeof v !== 'number') throw new Error(`expected number at "${key}", got ${JSON.stringify(v)}`);
  return v;
}

export function field(obj: Record<string, unknown>, key: string): Record<string, unknown> {
  const v = obj[key];
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`expected object at "${key}"`);
  return v as Record<string, unknown>;
}

export function list(obj: Record<string, unknown>, key: string): unknown[] {
  const v = obj[key];
  if (!Array.isArray(v)) throw new Error(`expected list at "${key}"`);
  return v;
}

export function pair(obj: Record<string, unknown>, key: string): [number, number] {
  const v = list(obj, key);
  const [a, b] = v;
  if (v.length !== 2 || typeof a !== 'number' || typeof b !== 'number') throw new Error(`expected [n, n] at "${key}"`);
  return [a, b];
}

export const host = (obj: Record<string, unknown>, key: string): HostTensor => decodeTensor(obj[key]);

/** A wire tensor as a float32 tf tensor (float64 inputs such as sparse targets are rounded to float32). */
export function tensor(obj: Record<string, unknown>, key: string): tf.Tensor {
  const h = host(obj, key);
  return tf.tensor(Float32Array.from(h.data), [...h.shape], 'float32');
}

/** {name: wire tensor} → {name: host tensor}. */
export function hostDict(obj: Record<string, unknown>, key: string): Map<string, HostTensor> {
  return new Map(Object.entries(field(obj, key)).map(([k, v]) => [k, decodeTensor(v)]));
}

export function toHost(t: tf.Tensor): HostTensor {
  return { shape: t.shape, dtype: 'float64', data: Float64Array.from(t.dataSync()) };
}

export const hostFrom = (shape: readonly number[], data: ArrayLike<number>, dtype: 'float64' | 'int32' = 'float64'): HostTensor => ({
  shape,
  dtype,
  data: dtype === 'int32' ? Int32Array.from(data) : Float64Array.from(data),
});

export async function scalar(t: tf.Tensor): Promise<number> {
  const [v] = await t.data();
  if (v === undefined) throw new Error('empty tensor');
  return v;
}
