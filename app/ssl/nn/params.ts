import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../rng';

/**
 * Named parameters whose names are the PyTorch state-dict keys (timm / DINO / ACE), so weights exchange 1:1.
 * Storage layouts are TF-friendly; `layout` records how to convert to and from PyTorch's.
 */
export type Layout =
  /** Same array in both frameworks. */
  | { readonly kind: 'identity' }
  /** Ours [in, out]; PyTorch Linear [out, in]. */
  | { readonly kind: 'linear' }
  /** Ours [kh·kw·cin, out] with rows ordered (ky, kx, c); PyTorch Conv2d [out, cin, kh, kw]. */
  | { readonly kind: 'conv'; readonly inChannels: number; readonly kernel: number };

export type Init =
  | { readonly kind: 'zeros' }
  | { readonly kind: 'ones' }
  /** timm trunc_normal_(std): N(0, std²) truncated at the absolute bounds ±2. */
  | { readonly kind: 'truncNormal'; readonly std: number }
  | { readonly kind: 'normal'; readonly std: number }
  | { readonly kind: 'uniform'; readonly bound: number };

export interface ParamSpec {
  readonly name: string;
  /** Our storage shape. */
  readonly shape: readonly number[];
  readonly layout: Layout;
  readonly init: Init;
  /** false for frozen tensors such as the DINO head's fixed weight-norm gain. */
  readonly trainable: boolean;
}

export type Params = ReadonlyMap<string, tf.Tensor>;
/** Parameter lookup relative to a module prefix. */
export type Getter = (name: string) => tf.Tensor;

export function scope(params: Params, prefix = ''): Getter {
  return (name) => {
    const t = params.get(prefix + name);
    if (!t) throw new Error(`missing parameter "${prefix + name}"`);
    return t;
  };
}

export const nested = (get: Getter, prefix: string): Getter => (name) => get(prefix + name);

export const withPrefix = (prefix: string, specs: readonly ParamSpec[]): ParamSpec[] => specs.map((s) => ({ ...s, name: prefix + s.name }));

export function spec(name: string, shape: readonly number[], init: Init, layout: Layout = { kind: 'identity' }, trainable = true): ParamSpec {
  return { name, shape, layout, init, trainable };
}

/** PyTorch nn.Linear / Conv default (kaiming_uniform with a=√5): U(±1/√fan_in) for weight and bias alike. */
export const torchDefaultInit = (fanIn: number): Init => ({ kind: 'uniform', bound: 1 / Math.sqrt(fanIn) });

export function sampleInit(init: Init, size: number, rng: Rng): Float32Array {
  const out = new Float32Array(size);
  switch (init.kind) {
    case 'zeros':
      return out;
    case 'ones':
      return out.fill(1);
    case 'normal':
      for (let i = 0; i < size; i++) out[i] = rng.normal() * init.std;
      return out;
    case 'truncNormal':
      for (let i = 0; i < size; i++) {
        let v: number;
        do v = rng.normal() * init.std;
        while (v < -2 || v > 2);
        out[i] = v;
      }
      return out;
    case 'uniform':
      for (let i = 0; i < size; i++) out[i] = (2 * rng.float() - 1) * init.bound;
      return out;
  }
}

const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Fresh variables in spec order from one RNG stream, so a seed fixes the whole initialisation. */
export function initParams(specs: readonly ParamSpec[], rng: Rng): Map<string, tf.Variable> {
  return new Map(specs.map((s) => [s.name, ownedVariable(tf.tensor(sampleInit(s.init, sizeOf(s.shape), rng), [...s.shape]), s.trainable)]));
}

/** A variable that takes over `initial` (which is then released, so it is not left behind as a tensor). */
export function ownedVariable(initial: tf.Tensor, trainable: boolean): tf.Variable {
  const v = tf.variable(initial, trainable);
  initial.dispose();
  return v;
}

/** Non-trainable copies (teacher starts as an exact copy of the student and never receives gradients). */
export function frozenCopy(params: Params): Map<string, tf.Variable> {
  return new Map([...params].map(([name, t]) => [name, ownedVariable(t.clone(), false)]));
}
