import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../rng';
import { type GeluKind, gelu } from './activations';
import { attention } from './attention';
import { checkpoint } from './checkpoint';
import { linear } from './linear';
import { layerNorm } from './normalize';
import { type Getter, type ParamSpec, type Params, nested, scope, spec, torchDefaultInit } from './params';
import { patchify } from './patchify';
import { resamplePosEmbed } from './pos-embed';

/** Vision Transformer in timm layout (pre-norm blocks, CLS token, absolute position embeddings). */
export interface VitConfig {
  readonly imgSize: number;
  readonly patchSize: number;
  readonly inChans: number;
  readonly embedDim: number;
  readonly depth: number;
  readonly numHeads: number;
  readonly mlpRatio: number;
  readonly qkvBias: boolean;
  readonly lnEps: number;
  readonly gelu: GeluKind;
  /** Stochastic-depth rate of the last block; timm ramps it linearly from 0 over the depth. */
  readonly dropPathRate: number;
}

const TIMM_DEFAULTS = { inChans: 3, mlpRatio: 4, qkvBias: true, lnEps: 1e-6, gelu: 'erf', dropPathRate: 0 } as const;

export const VIT_PRESETS = {
  'vit-t16': { ...TIMM_DEFAULTS, imgSize: 224, patchSize: 16, embedDim: 192, depth: 12, numHeads: 3 },
  'vit-s16': { ...TIMM_DEFAULTS, imgSize: 224, patchSize: 16, embedDim: 384, depth: 12, numHeads: 6 },
  'vit-b16': { ...TIMM_DEFAULTS, imgSize: 224, patchSize: 16, embedDim: 768, depth: 12, numHeads: 12 },
  /** ACE's ViT-B: patch 32 at 448 → the same 14×14 token grid as the 32-px cells. */
  'vit-b32': { ...TIMM_DEFAULTS, imgSize: 448, patchSize: 32, embedDim: 768, depth: 12, numHeads: 12 },
} as const satisfies Record<string, VitConfig>;

export type VitPreset = keyof typeof VIT_PRESETS;

export const vitConfig = (preset: VitPreset, overrides: Partial<VitConfig> = {}): VitConfig => ({ ...VIT_PRESETS[preset], ...overrides });

export const vitGrid = (cfg: VitConfig): [number, number] => [cfg.imgSize / cfg.patchSize, cfg.imgSize / cfg.patchSize];

/** Specs named exactly as timm's VisionTransformer state dict, initialised as timm's default init does. */
export function vitParamSpecs(cfg: VitConfig): ParamSpec[] {
  const d = cfg.embedDim;
  const hidden = Math.round(d * cfg.mlpRatio);
  const [gh, gw] = vitGrid(cfg);
  const lin = (name: string, inDim: number, outDim: number, bias = true): ParamSpec[] => [
    spec(`${name}.weight`, [inDim, outDim], { kind: 'truncNormal', std: 0.02 }, { kind: 'linear' }),
    ...(bias ? [spec(`${name}.bias`, [outDim], { kind: 'zeros' })] : []),
  ];
  const norm = (name: string): ParamSpec[] => [spec(`${name}.weight`, [d], { kind: 'ones' }), spec(`${name}.bias`, [d], { kind: 'zeros' })];
  const fanIn = cfg.patchSize * cfg.patchSize * cfg.inChans;
  const specs: ParamSpec[] = [
    spec('cls_token', [1, 1, d], { kind: 'normal', std: 1e-6 }),
    spec('pos_embed', [1, 1 + gh * gw, d], { kind: 'truncNormal', std: 0.02 }),
    spec('patch_embed.proj.weight', [fanIn, d], torchDefaultInit(fanIn), { kind: 'conv', inChannels: cfg.inChans, kernel: cfg.patchSize }),
    spec('patch_embed.proj.bias', [d], torchDefaultInit(fanIn)),
  ];
  for (let i = 0; i < cfg.depth; i++) {
    const b = `blocks.${i}`;
    specs.push(
      ...norm(`${b}.norm1`),
      ...lin(`${b}.attn.qkv`, d, 3 * d, cfg.qkvBias),
      ...lin(`${b}.attn.proj`, d, d),
      ...norm(`${b}.norm2`),
      ...lin(`${b}.mlp.fc1`, d, hidden),
      ...lin(`${b}.mlp.fc2`, hidden, d),
    );
  }
  specs.push(...norm('norm'));
  return specs;
}

export interface VitOutput {
  /** [B, D] CLS token after the final norm. */
  readonly cls: tf.Tensor2D;
  /** [B, gh·gw, D] patch tokens, grid row-major. */
  readonly patches: tf.Tensor3D;
  readonly grid: readonly [number, number];
}

export interface VitForwardOptions {
  /** Training-mode stochastic depth; omitted = eval (no drop path). */
  readonly rng?: Rng;
  /** Recompute each block in the backward pass instead of keeping its activations (see checkpoint). */
  readonly checkpoint?: boolean;
}

/** Per-image keep factors of stochastic depth (0 or 1/(1−rate)), drawn on the host; null = keep everything. */
function dropMask(batch: number, rate: number, rng: Rng | undefined): Float32Array | null {
  if (!rng || rate === 0) return null;
  const keep = 1 - rate;
  return Float32Array.from({ length: batch }, () => (rng.float() < keep ? 1 / keep : 0));
}

function dropPath(branch: tf.Tensor2D, mask: Float32Array | null): tf.Tensor2D {
  if (!mask) return branch;
  const [rows = 0, dim = 0] = branch.shape;
  return tf.mul(branch.reshape([mask.length, (rows / mask.length) * dim]), tf.tensor2d(mask, [mask.length, 1])).reshape([rows, dim]);
}

const BLOCK_PARAMS = ['norm1.weight', 'norm1.bias', 'attn.qkv.weight', 'attn.qkv.bias', 'attn.proj.weight', 'attn.proj.bias', 'norm2.weight', 'norm2.bias', 'mlp.fc1.weight', 'mlp.fc1.bias', 'mlp.fc2.weight', 'mlp.fc2.bias'];

/** One pre-norm block; without masks it is the eval-mode block (no stochastic depth). */
export function block(x: tf.Tensor2D, get: Getter, cfg: VitConfig, batch: number, masks: readonly [Float32Array | null, Float32Array | null] = [null, null]): tf.Tensor2D {
  const act = gelu(cfg.gelu);
  const h1 = layerNorm(x, get('norm1.weight'), get('norm1.bias'), cfg.lnEps) as tf.Tensor2D;
  // Without a drop-path mask the residual additions ride on the output projections (one kernel on wasm).
  const attn = (residual?: tf.Tensor2D) => attention(h1, nested(get, 'attn.'), batch, cfg.numHeads, residual);
  const x1 = masks[0] ? (tf.add(x, dropPath(attn(), masks[0])) as tf.Tensor2D) : attn(x);
  const h2 = layerNorm(x1, get('norm2.weight'), get('norm2.bias'), cfg.lnEps);
  const mlp = (residual?: tf.Tensor2D) => linear(act(linear(h2, get('mlp.fc1.weight'), get('mlp.fc1.bias'))), get('mlp.fc2.weight'), get('mlp.fc2.bias'), residual) as tf.Tensor2D;
  return masks[1] ? (tf.add(x1, dropPath(mlp(), masks[1])) as tf.Tensor2D) : mlp(x1);
}

function runBlock(x: tf.Tensor2D, get: Getter, cfg: VitConfig, batch: number, rate: number, options: VitForwardOptions): tf.Tensor2D {
  // Drop-path masks are drawn before the block runs so a checkpointed recomputation sees the same ones.
  const masks = [dropMask(batch, rate, options.rng), dropMask(batch, rate, options.rng)] as const;
  const names = BLOCK_PARAMS.filter((n) => cfg.qkvBias || n !== 'attn.qkv.bias');
  const fn = (inputs: readonly tf.Tensor[]): tf.Tensor2D => {
    const byName = new Map(names.map((n, i) => [n, inputs[i + 1] as tf.Tensor]));
    return block(inputs[0] as tf.Tensor2D, scope(byName), cfg, batch, masks);
  };
  const inputs = [x, ...names.map(get)];
  // A tidy per block frees its temporaries at once (the tape keeps what gradients need), bounding the
  // never-shrinking wasm heap; checkpointing goes further and keeps only the block inputs.
  return options.checkpoint ? (checkpoint(fn, inputs) as tf.Tensor2D) : tf.tidy(() => fn(inputs));
}

/** Position embeddings [1 + N, D] for the input's grid, resampled from the trained grid if they differ. */
export function positionEmbedding(get: Getter, cfg: Pick<VitConfig, 'embedDim'>, grid: readonly [number, number]): tf.Tensor2D {
  const pos = get('pos_embed');
  const n = (pos.shape[1] ?? 1) - 1;
  const d = cfg.embedDim;
  const side = Math.round(Math.sqrt(n));
  if (side * side !== n) throw new Error(`pos_embed holds ${n} patch positions, not a square grid`);
  const flat = pos.reshape([1 + n, d]) as tf.Tensor2D;
  if (grid[0] === side && grid[1] === side) return flat;
  const patchPos = resamplePosEmbed(tf.slice(flat, [1, 0], [n, d]), [side, side], grid);
  return tf.concat([tf.slice(flat, [0, 0], [1, d]), patchPos], 0);
}

/** forward_features in eval or training mode. images: NHWC [B, H, W, C]. */
export function vitForward(params: Params, cfg: VitConfig, images: tf.Tensor4D, options: VitForwardOptions = {}, prefix = ''): VitOutput {
  const get = scope(params, prefix);
  const batch = images.shape[0] ?? 0;
  const d = cfg.embedDim;
  const { rows, grid } = patchify(images, cfg.patchSize);
  const n = grid[0] * grid[1];
  const embedded = linear(rows, get('patch_embed.proj.weight'), get('patch_embed.proj.bias')).reshape([batch, n, d]);
  const cls = tf.tile(get('cls_token'), [batch, 1, 1]);
  const withPos = tf.add(tf.concat([cls, embedded], 1), positionEmbedding(get, cfg, grid));
  let x = withPos.reshape([batch * (1 + n), d]) as tf.Tensor2D;
  for (let i = 0; i < cfg.depth; i++) {
    const rate = cfg.depth > 1 ? (cfg.dropPathRate * i) / (cfg.depth - 1) : 0;
    x = runBlock(x, nested(get, `blocks.${i}.`), cfg, batch, rate, options);
  }
  const tokens = layerNorm(x, get('norm.weight'), get('norm.bias'), cfg.lnEps).reshape([batch, 1 + n, d]);
  return {
    cls: tf.slice(tokens, [0, 0, 0], [batch, 1, d]).reshape([batch, d]) as tf.Tensor2D,
    patches: tf.slice(tokens, [0, 1, 0], [batch, n, d]) as tf.Tensor3D,
    grid,
  };
}
