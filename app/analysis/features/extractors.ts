import { createHash } from 'node:crypto';
import { paramsFromTorch } from '../../ssl/nn/loader';
import { initParams } from '../../ssl/nn/params';
import { VIT_PRESETS, type VitConfig, vitParamSpecs } from '../../ssl/nn/vit';
import { createRng, deriveSeed } from '../../ssl/rng';
import { parseTrainConfig } from '../../ssl/train/config';
import { backboneOf } from '../../ssl/train/methods';
import { loadBackbone } from './checkpoint-source';
import { FEATURES_VERSION, defaultSettings } from './extractor-helpers';
import { pixelsExtractor } from './pixels-extractor';
import type { ExtractorSpec, FeatureExtractor } from './types';
import { vitExtractor } from './vit-extractor';

export type { ExtractorSpec } from './types';

const digest = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 16);

const describe = (cfg: VitConfig): string => `ViT D=${cfg.embedDim} depth ${cfg.depth} heads ${cfg.numHeads} /${cfg.patchSize}`;

async function checkpointExtractor(target: string, weights: 'teacher' | 'student' | undefined): Promise<FeatureExtractor> {
  const source = await loadBackbone(target, weights);
  const specs = vitParamSpecs(source.config);
  let params;
  try {
    params = paramsFromTorch(specs, source.stateDict).params;
  } catch (err) {
    throw new Error(`checkpoint ${target}: ${(err as Error).message} (architecture ${describe(source.config)})`);
  }
  return vitExtractor(params, source.config, {
    id: `vit:v${FEATURES_VERSION}:${source.sha256}:${source.prefix}:${digest(JSON.stringify(source.config))}`,
    label: source.label,
    defaults: defaultSettings(source.config.patchSize, source.trainImageSize ?? source.config.imgSize),
  });
}

/**
 * Same architecture, weights as training initialises them: initParams over the backbone specs from the stream
 * training derives from its seed, which the backbone consumes first, so seed s gives exactly the backbone a
 * training run with seed s starts from.
 */
async function randomExtractor(spec: Extract<ExtractorSpec, { kind: 'random' }>): Promise<FeatureExtractor> {
  const seed = spec.seed ?? 0;
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`random ViT: seed ${seed} must be a non-negative integer`);
  let cfg: VitConfig;
  let imageSize: number;
  let name: string;
  if (spec.like) {
    const source = await loadBackbone(spec.like);
    cfg = source.config;
    imageSize = source.trainImageSize ?? cfg.imgSize;
    name = `like ${source.label}`;
  } else {
    const preset = spec.backbone ?? 'vit-t16';
    if (!Object.hasOwn(VIT_PRESETS, preset)) throw new Error(`random ViT: unknown backbone "${preset}" (one of ${Object.keys(VIT_PRESETS).join(', ')})`);
    // As training configures the preset: grey input, cells of the preset's patch size.
    const run = parseTrainConfig({ backbone: preset, cellSize: VIT_PRESETS[preset].patchSize });
    cfg = backboneOf(run);
    imageSize = run.imageSize;
    name = run.backbone;
  }
  const params = initParams(vitParamSpecs(cfg), createRng(deriveSeed(seed, 'init')));
  return vitExtractor(params, cfg, {
    id: `random:v${FEATURES_VERSION}:seed${seed}:${digest(JSON.stringify(cfg))}`,
    label: `random ${name} (seed ${seed})`,
    defaults: defaultSettings(cfg.patchSize, imageSize),
  });
}

export async function openExtractor(spec: ExtractorSpec): Promise<FeatureExtractor> {
  switch (spec.kind) {
    case 'checkpoint':
      return checkpointExtractor(spec.path, spec.weights);
    case 'random':
      return randomExtractor(spec);
    case 'pixels':
      return pixelsExtractor(spec.patch);
  }
}
