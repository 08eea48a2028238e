import type * as tf from '@tensorflow/tfjs';
import type { Getter, ParamSpec } from '../nn/params';
import { type Layer, linearNormRelu, sequentialForward, sequentialSpecs } from '../nn/sequential';
import { composeBlocks, decomposeTokens } from './layouts';

/**
 * ACE's student-only composer (2×2 tokens → 1) and decomposer (1 → 2×2), spec §2.2: 2-layer MLPs with the
 * published key names (layer.0 / layer.1 / layer.3). Outputs are not re-normalised.
 */
const composerLayers = (dim: number): Layer[] => [...linearNormRelu(4 * dim, dim, false), { kind: 'linear', inDim: dim, outDim: dim, bias: true }];
const decomposerLayers = (dim: number): Layer[] => [...linearNormRelu(dim, 4 * dim, false), { kind: 'linear', inDim: 4 * dim, outDim: 4 * dim, bias: true }];

export const composerSpecs = (dim: number): ParamSpec[] => sequentialSpecs('layer.', composerLayers(dim), 'torch');
export const decomposerSpecs = (dim: number): ParamSpec[] => sequentialSpecs('layer.', decomposerLayers(dim), 'torch');

/** tokens [B, n², D] → composed blocks [B, (n/2)², D]. */
export function composerForward(get: Getter, dim: number, tokens: tf.Tensor3D, side: number): tf.Tensor3D {
  return sequentialForward(get, 'layer.', composerLayers(dim), composeBlocks(tokens, side)) as tf.Tensor3D;
}

/** tokens [B, n², D] → decomposed sub-tokens [B, (2n)², D]. */
export function decomposerForward(get: Getter, dim: number, tokens: tf.Tensor3D, side: number): tf.Tensor3D {
  return decomposeTokens(sequentialForward(get, 'layer.', decomposerLayers(dim), tokens) as tf.Tensor3D, side);
}
