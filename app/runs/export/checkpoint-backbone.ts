import fs from 'node:fs';
import path from 'node:path';
import { readManifest } from '../../ssl/checkpoint/checkpoint';
import type { HostTensor } from '../../ssl/checkpoint/safetensors';
import { fromTorch } from '../../ssl/nn/layout';
import type { ParamSpec } from '../../ssl/nn/params';
import { type VitConfig, vitParamSpecs } from '../../ssl/nn/vit';
import { type TrainConfig, parseTrainConfig } from '../../ssl/train/config';
import { backboneOf } from '../../ssl/train/methods';
import type { TrainProgress } from '../../ssl/train/loop';
import { readSafetensorsSubset } from '../../ssl/checkpoint/safetensors-subset';

export const WEIGHTS = ['teacher', 'student'] as const;
export type WeightsChoice = (typeof WEIGHTS)[number];

/** One network's ViT backbone out of a training checkpoint, under timm's state-dict keys. */
export interface CheckpointBackbone {
  readonly config: TrainConfig;
  readonly vit: VitConfig;
  /** timm-named specs, in timm's state-dict order. */
  readonly specs: readonly ParamSpec[];
  readonly step: number;
  /** The checkpoint's tensor file. */
  readonly file: string;
  readonly weights: WeightsChoice;
  /** timm key → tensor in PyTorch layout (as the checkpoint stores it). */
  readonly torch: ReadonlyMap<string, HostTensor>;
}

const prefixOf = (weights: WeightsChoice): string => `${weights}.backbone.`;

/** Teacher–student methods release the teacher (as DINO does); Barlow Twins has only the student. */
export const defaultWeights = (method: string): WeightsChoice => (method === 'barlow' ? 'student' : 'teacher');

function read(dir: string, weights: WeightsChoice): CheckpointBackbone {
  const manifest = readManifest<TrainProgress>(dir);
  if (!manifest) throw new Error(`${dir} holds no checkpoint yet (no ${path.join(dir, 'manifest.json')}).`);
  const config = parseTrainConfig(manifest.run as TrainConfig);
  if (weights === 'teacher' && config.method === 'barlow') {
    throw new Error('Barlow Twins trains no teacher network: export the student weights instead.');
  }
  const vit = backboneOf(config);
  const specs = vitParamSpecs(vit);
  const file = path.join(dir, manifest.file);
  const prefix = prefixOf(weights);
  const { tensors } = readSafetensorsSubset(file, (name) => name.startsWith(prefix));
  const torch = new Map<string, HostTensor>();
  for (const s of specs) {
    const t = tensors.get(prefix + s.name);
    if (!t) throw new Error(`checkpoint ${file} lacks "${prefix + s.name}"`);
    torch.set(s.name, t);
  }
  return { config, vit, specs, step: manifest.progress.step, file, weights, torch };
}

/**
 * Reads the latest checkpoint in `dir`. A trainer that checkpoints meanwhile removes the older tensor file right after
 * moving the manifest on: then the manifest is read once more.
 */
export function readCheckpointBackbone(dir: string, weights: WeightsChoice = 'teacher'): CheckpointBackbone {
  try {
    return read(dir, weights);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || !fs.existsSync(path.join(dir, 'manifest.json'))) throw err;
    return read(dir, weights);
  }
}

/** The backbone in our storage layouts (what vitForward takes), keyed by timm name. */
export function backboneValues(b: CheckpointBackbone): Map<string, Float32Array> {
  return new Map(b.specs.map((s) => [s.name, fromTorch(s, b.torch.get(s.name)!)]));
}
