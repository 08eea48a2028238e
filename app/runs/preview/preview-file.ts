import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../ssl/checkpoint/atomic';
import { parseSafetensors, writeSafetensors } from '../../ssl/checkpoint/safetensors';
import type { WeightsChoice } from '../export/checkpoint-backbone';
import type { TokenGrid } from './similarity';

/**
 * The latest probe preview of a run, one safetensors file in the run folder (written atomically, so a reader never
 * sees half of one): the token grid, its PCA colours and the probe image as the network saw it, with the step and
 * provenance as metadata.
 */
export interface ProbePreview extends TokenGrid {
  readonly step: number;
  readonly weights: WeightsChoice;
  /** The cached PNG the probe was read from. */
  readonly probeFile: string;
  /** The network input: inputSize² grey values 0..255. */
  readonly inputSize: number;
  readonly probe: Float32Array;
  /** [rows·cols, 3] in [0, 1]. */
  readonly rgb: Float32Array;
  readonly explained: readonly number[];
  readonly ms: number;
  readonly createdAt: string;
}

export const PREVIEW_DIR = 'preview';
const LATEST = 'latest.safetensors';
const FORMAT = 'cxr-probe-preview';

export const previewFile = (runDir: string): string => path.join(runDir, PREVIEW_DIR, LATEST);
/** Kept per step, so the emergence of structure can be looked at afterwards. */
export const pcaPngFile = (runDir: string, step: number): string => path.join(runDir, PREVIEW_DIR, `pca-step-${String(step).padStart(8, '0')}.png`);

export function writePreview(runDir: string, p: ProbePreview): string {
  const file = previewFile(runDir);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tensors = new Map([
    ['tokens', { shape: [p.rows, p.cols, p.dim], data: p.tokens }],
    ['pca_rgb', { shape: [p.rows, p.cols, 3], data: p.rgb }],
    ['probe', { shape: [p.inputSize, p.inputSize], data: p.probe }],
  ]);
  const metadata = {
    format: FORMAT,
    step: String(p.step),
    weights: p.weights,
    probeFile: p.probeFile,
    explained: JSON.stringify(p.explained),
    ms: String(p.ms),
    createdAt: p.createdAt,
  };
  writeFileAtomic(file, (fd) => writeSafetensors(fd, tensors, metadata));
  return file;
}

export function readPreview(runDir: string): ProbePreview | null {
  const file = previewFile(runDir);
  if (!fs.existsSync(file)) return null;
  const { tensors, metadata } = parseSafetensors(fs.readFileSync(file));
  const tokens = tensors.get('tokens');
  const rgb = tensors.get('pca_rgb');
  const probe = tensors.get('probe');
  if (metadata.format !== FORMAT || !tokens || !rgb || !probe || tokens.shape.length !== 3) throw new Error(`${file} is not a probe preview`);
  const [rows = 0, cols = 0, dim = 0] = tokens.shape;
  return {
    rows,
    cols,
    dim,
    tokens: tokens.data,
    rgb: rgb.data,
    probe: probe.data,
    inputSize: probe.shape[0] ?? 0,
    step: Number(metadata.step),
    weights: metadata.weights === 'student' ? 'student' : 'teacher',
    probeFile: metadata.probeFile ?? '',
    explained: JSON.parse(metadata.explained ?? '[]') as number[],
    ms: Number(metadata.ms),
    createdAt: metadata.createdAt ?? '',
  };
}
