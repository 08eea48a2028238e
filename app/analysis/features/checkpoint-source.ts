import fs from 'node:fs/promises';
import path from 'node:path';
import { type CheckpointManifest, MANIFEST, readManifest } from '../../ssl/checkpoint/checkpoint';
import type { WeightsChoice } from '../../runs/export/checkpoint-backbone';
import type { HostTensor } from '../../ssl/checkpoint/safetensors';
import { readSafetensorsSubset } from '../../ssl/checkpoint/safetensors-subset';
import { type VitConfig, VIT_PRESETS } from '../../ssl/nn/vit';
import { parseTrainConfig } from '../../ssl/train/config';
import { backboneOf } from '../../ssl/train/methods';
import { sha256File } from '../../util/sha256-file';

/**
 * A ViT backbone read from a training run folder (manifest.json naming step-*.safetensors) or from a bare
 * .safetensors file. Architecture: the run's config when a manifest names the file, else inferred from the
 * tensor shapes. Keys may carry a DINO-style role prefix (`teacher.backbone.`, `student.backbone.`) or a plain
 * one (`backbone.`, `module.`) or none (timm); the teacher is the default, as DINO releases it (spec §9).
 */

export interface BackboneSource {
  readonly config: VitConfig;
  /** PyTorch-layout tensors under bare timm names. */
  readonly stateDict: Map<string, HostTensor>;
  /** SHA-256 of the tensor file. */
  readonly sha256: string;
  /** The key prefix the backbone was read from ('' for bare timm keys). */
  readonly prefix: string;
  /** "run-1 · step 150 (teacher)", "vit.safetensors (student; 3 heads assumed: D/64)". */
  readonly label: string;
  /** The side in px of the images the model was trained on (run config), when known. */
  readonly trainImageSize: number | null;
}

const PROBE = 'patch_embed.proj.weight';
const ROLE_PREFIXES: Record<WeightsChoice, readonly string[]> = {
  teacher: ['teacher.backbone.', 'teacher.'],
  student: ['student.backbone.', 'student.'],
};
const PLAIN_PREFIXES = ['module.backbone.', 'backbone.', 'module.', ''];

interface Located {
  readonly tensorFile: string;
  readonly manifest: CheckpointManifest<{ step?: number }> | null;
}

async function locate(target: string): Promise<Located> {
  const stat = await fs.stat(target).catch(() => null);
  if (!stat) throw new Error(`checkpoint ${target}: no such file or folder`);
  if (stat.isDirectory()) {
    const manifest = readManifest<{ step?: number }>(target);
    if (!manifest) throw new Error(`checkpoint ${target}: the folder has no ${MANIFEST} (not a training run folder)`);
    return { tensorFile: path.join(target, manifest.file), manifest };
  }
  if (!target.toLowerCase().endsWith('.safetensors')) throw new Error(`checkpoint ${target}: expected a run folder or a .safetensors file`);
  // A step file inside a run folder: its manifest holds the architecture, when it names this very file.
  const sibling = await fs.access(path.join(path.dirname(target), MANIFEST)).then(() => readManifest<{ step?: number }>(path.dirname(target)), () => null);
  return { tensorFile: target, manifest: sibling?.file === path.basename(target) ? sibling : null };
}

function pickPrefix(names: ReadonlySet<string>, weights: WeightsChoice | undefined, file: string): { prefix: string; note: string } {
  const has = (p: string): boolean => names.has(p + PROBE);
  const role = weights ?? 'teacher';
  const own = ROLE_PREFIXES[role].find(has);
  if (own !== undefined) return { prefix: own, note: role };
  const other: WeightsChoice = role === 'teacher' ? 'student' : 'teacher';
  const otherPrefix = ROLE_PREFIXES[other].find(has);
  const plain = PLAIN_PREFIXES.find(has);
  if (plain !== undefined) return { prefix: plain, note: 'single backbone' };
  if (otherPrefix !== undefined && weights === undefined) return { prefix: otherPrefix, note: `${other}: the file has no teacher` };
  if (otherPrefix !== undefined) throw new Error(`checkpoint ${file} holds ${other} weights only, not the ${role}`);
  throw new Error(`checkpoint ${file} has no ViT backbone: no "${PROBE}" under any of the prefixes ${[...ROLE_PREFIXES.teacher, ...ROLE_PREFIXES.student, ...PLAIN_PREFIXES.filter(Boolean)].join(', ')} or bare`);
}

const shapeOf = (dict: ReadonlyMap<string, HostTensor>, key: string, file: string): readonly number[] => {
  const t = dict.get(key);
  if (!t) throw new Error(`checkpoint ${file} lacks "${key}"`);
  return t.shape;
};

/** Architecture from tensor shapes: patch_embed [D, C, p, p], pos_embed [1, 1 + s², D], blocks.N, fc1 [hidden, D]. */
function inferConfig(dict: ReadonlyMap<string, HostTensor>, metadata: Readonly<Record<string, string>>, file: string): { config: VitConfig; note: string } {
  const [d = 0, inChans = 0, patch = 0, patchW = 0] = shapeOf(dict, PROBE, file);
  if (patch !== patchW || d === 0) throw new Error(`checkpoint ${file}: "${PROBE}" is not a square [D, C, p, p] kernel`);
  const positions = (shapeOf(dict, 'pos_embed', file)[1] ?? 1) - 1;
  const side = Math.round(Math.sqrt(positions));
  if (side * side !== positions) throw new Error(`checkpoint ${file}: pos_embed holds ${positions} patch positions, not a square grid (or no CLS token)`);
  const blockIds = [...dict.keys()].map((k) => /^blocks\.(\d+)\.norm1\.weight$/.exec(k)?.[1]).filter((v): v is string => v !== undefined);
  const depth = blockIds.length;
  if (depth === 0 || Math.max(...blockIds.map(Number)) !== depth - 1) throw new Error(`checkpoint ${file}: blocks are missing or not numbered 0…${depth - 1}`);
  const hidden = shapeOf(dict, 'blocks.0.mlp.fc1.weight', file)[0] ?? 0;
  const declared = Number(metadata.num_heads ?? metadata.numHeads ?? metadata.heads);
  const fromMetadata = Number.isInteger(declared) && declared > 0;
  const numHeads = fromMetadata ? declared : Math.max(1, Math.floor(d / 64));
  if (d % numHeads !== 0) throw new Error(`checkpoint ${file}: ${numHeads} heads do not divide the width ${d}`);
  const heads = `${numHeads} head${numHeads === 1 ? '' : 's'}`;
  const note = fromMetadata ? heads : `${heads} assumed: D/64`;
  // Everything the shapes do not tell is timm's default (LayerNorm eps 1e-6, exact GELU), as in every preset.
  const config: VitConfig = { ...VIT_PRESETS['vit-t16'], imgSize: side * patch, patchSize: patch, inChans, embedDim: d, depth, numHeads, mlpRatio: hidden / d, qkvBias: dict.has('blocks.0.attn.qkv.bias') };
  return { config, note };
}

/**
 * The chosen backbone out of the tensor file, read by position (a checkpoint with ACE's 65536-way head is ~450 MB,
 * its ViT-T backbone ~22 MB), and the file's hash read in chunks.
 */
function readBackbone(tensorFile: string, weights: WeightsChoice | undefined): { prefix: string; role: string; stateDict: Map<string, HostTensor>; metadata: Record<string, string>; sha256: string } {
  const names = new Set<string>();
  readSafetensorsSubset(tensorFile, (name) => {
    names.add(name);
    return false;
  });
  const { prefix, note: role } = pickPrefix(names, weights, tensorFile);
  const { tensors, metadata } = readSafetensorsSubset(tensorFile, (name) => name.startsWith(prefix));
  const stateDict = new Map<string, HostTensor>();
  for (const [key, t] of tensors) stateDict.set(key.slice(prefix.length), t);
  return { prefix, role, stateDict, metadata, sha256: sha256File(tensorFile) };
}

/**
 * Reads the backbone of the file `target` names. A training run replaces its step file after moving the manifest
 * on, so a file that vanished between reading the manifest and reading it is looked up once more.
 */
async function readTensors(target: string, weights: WeightsChoice | undefined): Promise<Located & ReturnType<typeof readBackbone>> {
  for (let attempt = 0; ; attempt++) {
    const located = await locate(target);
    try {
      return { ...located, ...readBackbone(located.tensorFile, weights) };
    } catch (err) {
      const vanished = (err as NodeJS.ErrnoException).code === 'ENOENT' && located.manifest !== null;
      if (vanished && attempt === 0) continue;
      if ((err as NodeJS.ErrnoException).code !== undefined) throw new Error(`checkpoint ${located.tensorFile}: cannot read it (${(err as Error).message})`);
      throw err;
    }
  }
}

/** Reads the backbone `target` names (folder or file), stripping the key prefix of the chosen weights. */
export async function loadBackbone(target: string, weights?: WeightsChoice): Promise<BackboneSource> {
  const { tensorFile, manifest, sha256, prefix, role, stateDict, metadata } = await readTensors(target, weights);
  if (manifest) {
    const run = parseTrainConfig(manifest.run as Parameters<typeof parseTrainConfig>[0]);
    const step = manifest.progress.step;
    const name = path.basename(path.dirname(tensorFile));
    return { config: backboneOf(run), stateDict, sha256, prefix, label: `${name}${step === undefined ? '' : ` · step ${step}`} (${role})`, trainImageSize: run.imageSize };
  }
  const { config, note } = inferConfig(stateDict, metadata, tensorFile);
  return { config, stateDict, sha256, prefix, label: `${path.basename(tensorFile)} (${role}; ${note})`, trainImageSize: null };
}
