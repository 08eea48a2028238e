import * as tf from '@tensorflow/tfjs';
import { type GeluKind, gelu } from './activations';
import { linear } from './linear';
import { batchNormTrain, layerNorm } from './normalize';
import { type Getter, type Init, type ParamSpec, spec, torchDefaultInit } from './params';

/**
 * A torch.nn.Sequential description: parameters are named `<prefix><index>.weight|bias` by the layer's index
 * in the list, so parameter-free layers (ReLU, GELU) keep the PyTorch numbering (e.g. mlp.0, mlp.2, mlp.4).
 */
export type Layer =
  | { readonly kind: 'linear'; readonly inDim: number; readonly outDim: number; readonly bias: boolean }
  | { readonly kind: 'layernorm'; readonly dim: number; readonly eps: number }
  /** BatchNorm1d in training mode over the rows (no running statistics are kept). */
  | { readonly kind: 'batchnorm'; readonly dim: number; readonly eps: number }
  | { readonly kind: 'relu' }
  | { readonly kind: 'gelu'; readonly gelu: GeluKind };

/** How Linear layers are initialised: PyTorch's default, or trunc-normal weights with zero bias (timm / DINO). */
export type LinearInit = 'torch' | { readonly truncNormalStd: number };

function linearInits(init: LinearInit, inDim: number): { weight: Init; bias: Init } {
  if (init === 'torch') return { weight: torchDefaultInit(inDim), bias: torchDefaultInit(inDim) };
  return { weight: { kind: 'truncNormal', std: init.truncNormalStd }, bias: { kind: 'zeros' } };
}

export function sequentialSpecs(prefix: string, layers: readonly Layer[], init: LinearInit): ParamSpec[] {
  return layers.flatMap((layer, i): ParamSpec[] => {
    const name = `${prefix}${i}`;
    switch (layer.kind) {
      case 'linear': {
        const inits = linearInits(init, layer.inDim);
        const weight = spec(`${name}.weight`, [layer.inDim, layer.outDim], inits.weight, { kind: 'linear' });
        return layer.bias ? [weight, spec(`${name}.bias`, [layer.outDim], inits.bias)] : [weight];
      }
      case 'layernorm':
      case 'batchnorm':
        return [spec(`${name}.weight`, [layer.dim], { kind: 'ones' }), spec(`${name}.bias`, [layer.dim], { kind: 'zeros' })];
      default:
        return [];
    }
  });
}

export function sequentialForward(get: Getter, prefix: string, layers: readonly Layer[], x: tf.Tensor): tf.Tensor {
  return layers.reduce((h, layer, i) => {
    const name = `${prefix}${i}`;
    switch (layer.kind) {
      case 'linear':
        return linear(h, get(`${name}.weight`), layer.bias ? get(`${name}.bias`) : undefined);
      case 'layernorm':
        return layerNorm(h, get(`${name}.weight`), get(`${name}.bias`), layer.eps);
      case 'batchnorm':
        return batchNormTrain(h as tf.Tensor2D, get(`${name}.weight`), get(`${name}.bias`), layer.eps);
      case 'relu':
        return tf.relu(h);
      case 'gelu':
        return gelu(layer.gelu)(h);
    }
  }, x);
}

/** Linear → LayerNorm → ReLU, the block PEAC's projections and ACE's composer/decomposer are built from. */
export const linearNormRelu = (inDim: number, outDim: number, bias: boolean, eps = 1e-5): Layer[] => [
  { kind: 'linear', inDim, outDim, bias },
  { kind: 'layernorm', dim: outDim, eps },
  { kind: 'relu' },
];
