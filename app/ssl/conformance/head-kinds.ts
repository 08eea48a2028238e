import type * as tf from '@tensorflow/tfjs';
import { composerForward, composerSpecs, decomposerForward, decomposerSpecs } from '../heads/composer';
import { denseHeadForward, denseHeadSpecs } from '../heads/dense-head';
import { dinoHeadForward, dinoHeadSpecs } from '../heads/dino-head';
import { composeBlocks, decomposeTokens } from '../heads/layouts';
import { peacProjectionForward, peacProjectionSpecs } from '../heads/peac-projection';
import { paramsFromTorch } from '../nn/loader';
import { type ParamSpec, scope } from '../nn/params';
import type { ResultTree } from './compare';
import type { VectorCase } from './format';
import { hostDict, list, num, tensor, toHost } from './read';

const load = (specs: ParamSpec[], c: VectorCase) => scope(paramsFromTorch(specs, hostDict(c.input, 'weights')).params);
/** Side of a square token grid. */
const sideOf = (t: tf.Tensor): number => Math.round(Math.sqrt(t.shape[1] ?? 0));

export function dinoHeadKind(c: VectorCase): ResultTree {
  if (c.params.use_bn !== false) throw new Error('only use_bn = false is modelled');
  const cfg = {
    inDim: num(c.params, 'in_dim'),
    hiddenDim: num(c.params, 'hidden_dim'),
    bottleneckDim: num(c.params, 'bottleneck_dim'),
    outDim: num(c.params, 'out_dim'),
    nlayers: num(c.params, 'nlayers'),
    normLastLayer: c.params.norm_last_layer === true,
    gelu: 'erf' as const,
  };
  return { logits: toHost(dinoHeadForward(load(dinoHeadSpecs(cfg), c), cfg, tensor(c.input, 'x'))) };
}

export function denseHeadKind(c: VectorCase): ResultTree {
  const cfg = { inDim: num(c.params, 'in_dim'), outDim: num(c.params, 'out_dim'), numLayers: num(c.params, 'num_layers'), bnEps: num(c.params, 'bn_eps') };
  return { out: toHost(denseHeadForward(load(denseHeadSpecs(cfg), c), cfg, tensor(c.input, 'tokens') as tf.Tensor3D)) };
}

export function composerLayoutKind(c: VectorCase): ResultTree {
  const grid = tensor(c.input, 'grid');
  const [b = 0, side = 0, , d = 0] = grid.shape;
  return { blocks: toHost(composeBlocks(grid.reshape([b, side * side, d]) as tf.Tensor3D, side)) };
}

export function decomposerLayoutKind(c: VectorCase): ResultTree {
  const tokens = tensor(c.input, 'tokens') as tf.Tensor3D;
  return { tokens: toHost(decomposeTokens(tokens, sideOf(tokens))) };
}

export function composerKind(c: VectorCase): ResultTree {
  const d = num(c.params, 'D');
  const tokens = tensor(c.input, 'tokens') as tf.Tensor3D;
  return { out: toHost(composerForward(load(composerSpecs(d), c), d, tokens, sideOf(tokens))) };
}

export function decomposerKind(c: VectorCase): ResultTree {
  const d = num(c.params, 'D');
  const tokens = tensor(c.input, 'tokens') as tf.Tensor3D;
  return { out: toHost(decomposerForward(load(decomposerSpecs(d), c), d, tokens, sideOf(tokens))) };
}

export function peacProjectionKind(c: VectorCase): ResultTree {
  const [h1, h2] = list(c.params, 'hidden_dims');
  if (typeof h1 !== 'number' || typeof h2 !== 'number') throw new Error('hidden_dims must be two numbers');
  const cfg = { prefix: 'mlp.', inDim: num(c.params, 'in_dim'), hiddenDims: [h1, h2] as const, outDim: num(c.params, 'out_dim') };
  return { out: toHost(peacProjectionForward(load(peacProjectionSpecs(cfg), c), cfg, tensor(c.input, 'x'))) };
}
