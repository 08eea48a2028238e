import * as tf from '@tensorflow/tfjs';
import type { GeluKind } from '../nn/activations';
import { l2Normalize } from '../nn/normalize';
import { type Getter, type ParamSpec, spec } from '../nn/params';
import { type Layer, sequentialForward, sequentialSpecs } from '../nn/sequential';
import { weightNormLinear } from '../nn/weight-norm';

/**
 * DINO projection head (spec §2.2): MLP with GELU, L2-normalised bottleneck, weight-normalised last layer
 * without bias. With normLastLayer the gain g is frozen at 1, so logits are cosines. Keys follow DINOHead.
 */
export interface DinoHeadConfig {
  readonly inDim: number;
  readonly hiddenDim: number;
  readonly bottleneckDim: number;
  readonly outDim: number;
  /** Linear layers in the MLP (DINO default 3). */
  readonly nlayers: number;
  readonly normLastLayer: boolean;
  readonly gelu: GeluKind;
}

export const dinoHeadConfig = (inDim: number, outDim = 65536): DinoHeadConfig => ({
  inDim,
  hiddenDim: 2048,
  bottleneckDim: 256,
  outDim,
  nlayers: 3,
  normLastLayer: true,
  gelu: 'erf',
});

function mlpLayers(cfg: DinoHeadConfig): Layer[] {
  if (cfg.nlayers < 2) throw new Error('DINO head needs nlayers >= 2 (nlayers = 1 names its layer "mlp", not "mlp.0")');
  const act: Layer = { kind: 'gelu', gelu: cfg.gelu };
  const layers: Layer[] = [{ kind: 'linear', inDim: cfg.inDim, outDim: cfg.hiddenDim, bias: true }, act];
  for (let i = 0; i < cfg.nlayers - 2; i++) layers.push({ kind: 'linear', inDim: cfg.hiddenDim, outDim: cfg.hiddenDim, bias: true }, act);
  layers.push({ kind: 'linear', inDim: cfg.hiddenDim, outDim: cfg.bottleneckDim, bias: true });
  return layers;
}

export function dinoHeadSpecs(cfg: DinoHeadConfig): ParamSpec[] {
  return [
    ...sequentialSpecs('mlp.', mlpLayers(cfg), { truncNormalStd: 0.02 }),
    // nn.Linear default init for the direction v, stored [out, in] as PyTorch stores weight_v (see weight-norm.ts).
    spec('last_layer.weight_v', [cfg.outDim, cfg.bottleneckDim], { kind: 'uniform', bound: 1 / Math.sqrt(cfg.bottleneckDim) }),
    spec('last_layer.weight_g', [cfg.outDim, 1], { kind: 'ones' }, { kind: 'identity' }, !cfg.normLastLayer),
  ];
}

/**
 * The head over several row blocks in one pass, one logits block each: rows are independent, and the
 * 65536-wide last layer streams its 64 MB weight once per pass however few the rows (a teacher's micro-batches).
 */
export function dinoHeadForwardEach(get: Getter, cfg: DinoHeadConfig, blocks: readonly tf.Tensor2D[]): tf.Tensor2D[] {
  const logits = dinoHeadForward(get, cfg, blocks.length === 1 ? (blocks[0] as tf.Tensor2D) : tf.concat([...blocks], 0)) as tf.Tensor2D;
  return blocks.length === 1 ? [logits] : tf.split(logits, blocks.map((b) => b.shape[0] ?? 0), 0);
}

/** x [rows, inDim] → logits [rows, outDim]. */
export function dinoHeadForward(get: Getter, cfg: DinoHeadConfig, x: tf.Tensor): tf.Tensor {
  const z = l2Normalize(sequentialForward(get, 'mlp.', mlpLayers(cfg), x));
  const g = get('last_layer.weight_g').reshape([1, cfg.outDim]) as tf.Tensor2D;
  return weightNormLinear(z as tf.Tensor2D, get('last_layer.weight_v') as tf.Tensor2D, g);
}
