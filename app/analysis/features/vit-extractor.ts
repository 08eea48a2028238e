import * as tf from '@tensorflow/tfjs';
import { stackPlanes } from '../../ssl/ace/batch';
import type { VitConfig } from '../../ssl/nn/vit';
import { checkInputs, perImage } from './extractor-helpers';
import { gridSide, resolveLayer, validateSettings } from './settings';
import type { FeatureExtractor, FeatureSettings } from './types';
import { vitFeatures } from './vit-features';

/**
 * Attention keeps every head's T×T scores and probabilities until its block ends, and the wasm heap is 4 GB and
 * never shrinks: dense strides on large inputs (448 px at stride 4: 11,882 tokens, 3.4 GB for ViT-T) must be
 * refused with a reason rather than abort the process, and batches are split to stay within this budget.
 */
const WASM_ATTENTION_BUDGET = 1.5 * 2 ** 30;

/** Bytes of attention scores + probabilities one image needs in one block (0 when no block runs attention). */
function attentionBytes(cfg: VitConfig, settings: FeatureSettings, layer: number): number {
  const blocksWithAttention = layer + (settings.facet === 'token' ? 1 : 0);
  if (blocksWithAttention === 0) return 0;
  const tokens = 1 + gridSide(settings.inputSize, cfg.patchSize, settings.stride) ** 2;
  return 2 * cfg.numHeads * tokens * tokens * 4;
}

/** A ViT with loaded or initialised parameters (named as timm, our layouts); owns and disposes them. */
export function vitExtractor(params: Map<string, tf.Tensor>, cfg: VitConfig, ident: { id: string; label: string; defaults: FeatureSettings }): FeatureExtractor {
  return {
    ...ident,
    patchSize: cfg.patchSize,
    depth: cfg.depth,
    async extract(inputs, settings, signal) {
      validateSettings(settings, cfg.patchSize, cfg.depth, ident.label);
      checkInputs(inputs, settings, ident.label);
      const layer = resolveLayer(settings.layer, cfg.depth);
      const bytes = attentionBytes(cfg, settings, layer);
      const budget = tf.getBackend() === 'wasm' ? WASM_ATTENTION_BUDGET : Infinity;
      if (bytes > budget) {
        throw new Error(
          `${ident.label}: input ${settings.inputSize} at stride ${settings.stride} needs ${(bytes / 2 ** 30).toFixed(1)} GB of attention per image, ` +
            `more than the wasm heap allows (${(budget / 2 ** 30).toFixed(1)} GB); use a larger stride or a smaller input`,
        );
      }
      const chunk = bytes === 0 ? inputs.length : Math.max(1, Math.floor(budget / bytes));
      const options = { layer, facet: settings.facet, stride: settings.stride };
      const out: Float32Array[] = [];
      for (let start = 0; start < inputs.length; start += chunk) {
        signal?.throwIfAborted();
        const part = inputs.slice(start, start + chunk);
        const features = tf.tidy(() => vitFeatures(params, cfg, stackPlanes(part, cfg.inChans), options).features);
        out.push(...(await perImage(features, part.length)));
      }
      return out;
    },
    dispose() {
      tf.dispose([...params.values()]);
      params.clear();
    },
  };
}
