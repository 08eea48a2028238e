import * as tf from '@tensorflow/tfjs';
import { linear } from '../../ssl/nn/linear';
import { layerNorm } from '../../ssl/nn/normalize';
import { type Getter, type Params, nested, scope } from '../../ssl/nn/params';
import { block, positionEmbedding, type VitConfig } from '../../ssl/nn/vit';
import { overlappingPatches } from './patches';
import type { Facet } from './types';

/**
 * The timm ViT of app/ssl/nn/vit.ts in eval mode, stopped at one block, exposing what dino-vit-features hooks
 * (spec §5.1): `token` = the block's output tokens, `key`/`query`/`value` = that block's attention vectors,
 * computed from the block input after norm1. The patch embedding may run at a stride below the patch size
 * (overlapping windows), with the position embeddings resampled bicubically to the denser grid.
 */
export interface VitFeatureOptions {
  /** 0-based block (already resolved: −1 is not accepted here). */
  readonly layer: number;
  readonly facet: Facet;
  readonly stride: number;
}

const QKV_INDEX = { query: 0, key: 1, value: 2 } as const;

/**
 * One of q, k, v of the block whose input is x: [B·T, D] with heads concatenated head-fastest (feature j·H + h,
 * dino-vit-features' permute(0, 2, 3, 1) of [B, H, T, hd]), not timm's head-major qkv order.
 */
function attentionVectors(x: tf.Tensor2D, get: Getter, cfg: VitConfig, which: keyof typeof QKV_INDEX): tf.Tensor2D {
  const d = cfg.embedDim;
  const rows = x.shape[0] ?? 0;
  const h = layerNorm(x, get('norm1.weight'), get('norm1.bias'), cfg.lnEps);
  const qkv = linear(h, get('attn.qkv.weight'), cfg.qkvBias ? get('attn.qkv.bias') : undefined);
  const picked = tf.slice(qkv, [0, QKV_INDEX[which] * d], [rows, d]);
  return tf.transpose(picked.reshape([rows, cfg.numHeads, d / cfg.numHeads]), [0, 2, 1]).reshape([rows, d]) as tf.Tensor2D;
}

/**
 * NHWC images (already normalised) → patch features [B, gh·gw, D] (CLS dropped) and the token grid. The token
 * facet of the last block gets the final norm (forward_features); earlier blocks give the raw block output.
 * Each block runs in its own tidy so the per-block temporaries (attention matrices at a dense stride) go at once.
 */
export function vitFeatures(params: Params, cfg: VitConfig, images: tf.Tensor4D, options: VitFeatureOptions): { features: tf.Tensor3D; grid: [number, number] } {
  const { layer, facet, stride } = options;
  if (!Number.isInteger(layer) || layer < 0 || layer >= cfg.depth) throw new Error(`layer ${layer} is outside blocks 0–${cfg.depth - 1}`);
  const get = scope(params);
  const batch = images.shape[0] ?? 0;
  const d = cfg.embedDim;
  const { x: input, grid } = tf.tidy(() => {
    const { rows, grid: g } = overlappingPatches(images, cfg.patchSize, stride);
    const n = g[0] * g[1];
    const embedded = linear(rows, get('patch_embed.proj.weight'), get('patch_embed.proj.bias')).reshape([batch, n, d]);
    const withCls = tf.concat([tf.tile(get('cls_token'), [batch, 1, 1]), embedded], 1);
    return { x: tf.add(withCls, positionEmbedding(get, cfg, g)).reshape([batch * (1 + n), d]) as tf.Tensor2D, grid: g };
  });
  let x = input;
  for (let i = 0; i < layer; i++) {
    const next = tf.tidy(() => block(x, nested(get, `blocks.${i}.`), cfg, batch));
    x.dispose();
    x = next;
  }
  const features = tf.tidy(() => {
    const at = nested(get, `blocks.${layer}.`);
    let out: tf.Tensor2D;
    if (facet === 'token') {
      out = block(x, at, cfg, batch);
      if (layer === cfg.depth - 1) out = layerNorm(out, get('norm.weight'), get('norm.bias'), cfg.lnEps) as tf.Tensor2D;
    } else {
      out = attentionVectors(x, at, cfg, facet);
    }
    const n = grid[0] * grid[1];
    return tf.slice(out.reshape([batch, 1 + n, d]), [0, 1, 0], [batch, n, d]) as tf.Tensor3D;
  });
  x.dispose();
  return { features, grid };
}
