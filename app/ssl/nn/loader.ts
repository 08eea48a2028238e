import * as tf from '@tensorflow/tfjs';
import { type HostArray, fromTorch, toTorch } from './layout';
import type { ParamSpec, Params } from './params';

/**
 * Loads a PyTorch state dict ({key: tensor} in PyTorch layouts, e.g. golden `weights` or a converted
 * checkpoint) into our parameters. Every spec must be present; keys we do not model (BatchNorm running
 * statistics, heads we do not build) are returned as `unused` rather than silently dropped.
 */
export function paramsFromTorch(specs: readonly ParamSpec[], stateDict: ReadonlyMap<string, HostArray>): { params: Map<string, tf.Tensor>; unused: string[] } {
  const params = new Map<string, tf.Tensor>();
  for (const s of specs) {
    const t = stateDict.get(s.name);
    if (!t) throw new Error(`state dict lacks "${s.name}"`);
    params.set(s.name, tf.tensor(fromTorch(s, t), [...s.shape]));
  }
  const known = new Set(specs.map((s) => s.name));
  return { params, unused: [...stateDict.keys()].filter((k) => !known.has(k)) };
}

export function paramsToTorch(specs: readonly ParamSpec[], params: Params): Map<string, HostArray> {
  return new Map(
    specs.map((s) => {
      const t = params.get(s.name);
      if (!t) throw new Error(`missing parameter "${s.name}"`);
      return [s.name, toTorch(s, t.dataSync())];
    }),
  );
}
