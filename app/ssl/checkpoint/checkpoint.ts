import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { fromTorch, toTorch, torchShape } from '../nn/layout';
import type { ParamSpec } from '../nn/params';
import type { TrainState } from '../train/step';
import { writeFileAtomic } from './atomic';
import { type PendingTensor, parseSafetensors, writeSafetensors } from './safetensors';

/**
 * Training checkpoints: one safetensors file with every tensor of the state, plus `manifest.json` naming it and
 * holding the JSON part (progress: step, RNG state, ...; the run's config; AdamW step counters). Both are written
 * atomically, tensors first, so the manifest only ever names a complete file; older tensor files are removed
 * after the manifest moves on. Tensors are stored in PyTorch layout under DINO-style names —
 * `student.backbone.<timm key>`, `teacher.…`, `optimizer.exp_avg.…` / `exp_avg_sq.…`, `center` — so the
 * backbone loads into timm after stripping the prefix. Values are copied bit for bit: resuming is exact.
 */
export interface CheckpointManifest<P> {
  readonly format: 'cxr-ssl-checkpoint';
  readonly version: 1;
  readonly file: string;
  readonly progress: P;
  readonly run: unknown;
  /** AdamW's per-tensor step counters (bias corrections); tensors never stepped are absent. */
  readonly optimizerSteps: Record<string, number>;
  readonly savedAt: string;
}

export const MANIFEST = 'manifest.json';
const TENSOR_FILE = /^step-\d+\.safetensors$/;

const names = {
  student: (n: string) => `student.${n}`,
  teacher: (n: string) => `teacher.${n}`,
  m: (n: string) => `optimizer.exp_avg.${n}`,
  v: (n: string) => `optimizer.exp_avg_sq.${n}`,
  center: 'center',
};

function specOf(state: TrainState): (name: string) => ParamSpec {
  const specs = new Map(state.studentSpecs.map((s) => [s.name, s]));
  return (name) => {
    const s = specs.get(name);
    if (!s) throw new Error(`checkpoint: no spec for "${name}"`);
    return s;
  };
}

/** A weight or moment in PyTorch's layout, its values read from ours when written. */
const pending = (spec: ParamSpec, read: () => ArrayLike<number>): PendingTensor => ({
  shape: torchShape(spec.layout, spec.shape),
  values: () => toTorch(spec, read()).data as Float32Array,
});

function collect(state: TrainState): Map<string, PendingTensor> {
  const spec = specOf(state);
  const out = new Map<string, PendingTensor>();
  for (const [n, v] of state.student) out.set(names.student(n), pending(spec(n), () => v.dataSync()));
  for (const [n, v] of state.teacher) out.set(names.teacher(n), pending(spec(n), () => v.dataSync()));
  for (const n of state.optimizer.steps().keys()) {
    out.set(names.m(n), pending(spec(n), () => state.optimizer.moment(n, 'm')));
    out.set(names.v(n), pending(spec(n), () => state.optimizer.moment(n, 'v')));
  }
  const center = state.center;
  if (center) out.set(names.center, { shape: center.shape, values: () => center.dataSync() as Float32Array });
  return out;
}

export function saveCheckpoint<P extends { readonly step: number }>(dir: string, state: TrainState, progress: P, run: unknown = null): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = `step-${String(progress.step).padStart(8, '0')}.safetensors`;
  const optimizerSteps = Object.fromEntries(state.optimizer.steps());
  writeFileAtomic(path.join(dir, file), (fd) => writeSafetensors(fd, collect(state), { format: 'cxr-ssl-checkpoint', layout: 'pytorch', step: String(progress.step) }));
  const manifest: CheckpointManifest<P> = { format: 'cxr-ssl-checkpoint', version: 1, file, progress, run, optimizerSteps, savedAt: new Date().toISOString() };
  writeFileAtomic(path.join(dir, MANIFEST), (fd) => fs.writeSync(fd, JSON.stringify(manifest, null, 2)));
  for (const old of fs.readdirSync(dir)) if (TENSOR_FILE.test(old) && old !== file) fs.rmSync(path.join(dir, old), { force: true });
  return path.join(dir, file);
}

/** The manifest of the latest checkpoint in `dir`, or null when there is none. */
export function readManifest<P>(dir: string): CheckpointManifest<P> | null {
  const file = path.join(dir, MANIFEST);
  if (!fs.existsSync(file)) return null;
  const m = JSON.parse(fs.readFileSync(file, 'utf8')) as CheckpointManifest<P>;
  if (m.format !== 'cxr-ssl-checkpoint' || m.version !== 1) throw new Error(`${file}: not a version-1 SSL checkpoint manifest`);
  return m;
}

function assign(v: tf.Variable, values: Float32Array): void {
  const t = tf.tensor(values, v.shape, 'float32');
  v.assign(t);
  t.dispose();
}

/**
 * Restores `state` (built for the same model) from the latest checkpoint in `dir` and returns its manifest, or
 * null when `dir` has none. Every tensor the state needs must be present with its shape, and nothing else.
 */
export function loadCheckpoint<P>(dir: string, state: TrainState): CheckpointManifest<P> | null {
  const manifest = readManifest<P>(dir);
  if (!manifest) return null;
  const { tensors } = parseSafetensors(fs.readFileSync(path.join(dir, manifest.file)));
  const spec = specOf(state);
  const used = new Set<string>();
  const take = (key: string, s: ParamSpec): Float32Array => {
    const t = tensors.get(key);
    if (!t) throw new Error(`checkpoint ${manifest.file} lacks "${key}"`);
    used.add(key);
    return fromTorch(s, t);
  };
  for (const [n, v] of state.student) assign(v, take(names.student(n), spec(n)));
  for (const [n, v] of state.teacher) assign(v, take(names.teacher(n), spec(n)));
  for (const [n, step] of Object.entries(manifest.optimizerSteps)) {
    state.optimizer.setSlot(n, step, take(names.m(n), spec(n)), take(names.v(n), spec(n)));
  }
  if (state.center) {
    const c = tensors.get(names.center);
    if (!c || c.data.length !== state.center.size) throw new Error(`checkpoint ${manifest.file}: missing or mis-sized centre`);
    used.add(names.center);
    assign(state.center, c.data);
  }
  const extra = [...tensors.keys()].filter((k) => !used.has(k));
  if (extra.length > 0) throw new Error(`checkpoint ${manifest.file} holds tensors this model lacks: ${extra.slice(0, 5).join(', ')}${extra.length > 5 ? ', …' : ''}`);
  return manifest;
}
