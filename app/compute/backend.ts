import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import type { BackendAttempt, BackendName, BackendReport } from '../api/contract';
import { ApiError } from '../api/errors';

interface Candidate {
  readonly name: BackendName;
  readonly module: string;
  /** Name under which the module registers itself with tfjs. */
  readonly tfBackend: string;
}

/** A variable specifier: the native packages are optional, so neither the type checker nor the bundler may require them. */
function loadModule(specifier: string): Promise<unknown> {
  return import(/* @vite-ignore */ specifier);
}

/** Preference order from the design: native TensorFlow with GPU, native CPU, wasm, plain JS. */
export const CANDIDATES: readonly Candidate[] = [
  { name: 'tensorflow-gpu', module: '@tensorflow/tfjs-node-gpu', tfBackend: 'tensorflow' },
  { name: 'tensorflow', module: '@tensorflow/tfjs-node', tfBackend: 'tensorflow' },
  { name: 'wasm', module: '@tensorflow/tfjs-backend-wasm', tfBackend: 'wasm' },
  { name: 'cpu', module: '@tensorflow/tfjs-backend-cpu', tfBackend: 'cpu' },
];

function isModuleMissing(err: unknown, moduleName: string): boolean {
  const code = (err as { code?: string })?.code;
  const message = (err as Error)?.message ?? '';
  return (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') && message.includes(moduleName);
}

function firstLine(err: unknown): string {
  return ((err as Error)?.message ?? String(err)).split('\n')[0] ?? '';
}

async function threadsOf(name: BackendName): Promise<number> {
  if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    return wasm.getThreadsCount();
  }
  // Native TensorFlow uses its own intra-op pool sized to the machine.
  return name === 'cpu' ? 1 : os.availableParallelism();
}

export interface DetectOptions {
  /** Force one backend (CXR_BACKEND); better ones are reported as skipped. */
  readonly prefer?: BackendName;
}

/** Tries each backend in order and activates the first that loads and initialises; reports why each better one did not. */
export async function detectBackend(options: DetectOptions = {}): Promise<BackendReport> {
  const attempts: BackendAttempt[] = [];
  let active: BackendName | null = null;
  const preferIndex = options.prefer ? CANDIDATES.findIndex((c) => c.name === options.prefer) : 0;
  for (const [index, candidate] of CANDIDATES.entries()) {
    if (active) {
      attempts.push({ name: candidate.name, module: candidate.module, status: 'skipped', reason: `not needed: ${active} is active` });
      continue;
    }
    if (index < preferIndex) {
      attempts.push({ name: candidate.name, module: candidate.module, status: 'skipped', reason: `skipped: CXR_BACKEND=${options.prefer}` });
      continue;
    }
    try {
      await loadModule(candidate.module);
      const ok = await tf.setBackend(candidate.tfBackend);
      if (!ok) throw new Error(`tf.setBackend('${candidate.tfBackend}') returned false`);
      await tf.ready();
      active = candidate.name;
      attempts.push({ name: candidate.name, module: candidate.module, status: 'active', reason: 'loaded and initialised' });
    } catch (err) {
      const missing = isModuleMissing(err, candidate.module);
      attempts.push({
        name: candidate.name,
        module: candidate.module,
        status: missing ? 'not_installed' : 'failed',
        reason: missing ? `${candidate.module} is not installed` : `failed to load: ${firstLine(err)}`,
      });
    }
  }
  const threads = active ? await threadsOf(active) : 1;
  const summary = active
    ? `${active} (${threads} thread${threads === 1 ? '' : 's'})`
    : 'no compute backend could be initialised';
  return { active, threads, tfjsVersion: tf.version.tfjs, attempts, summary };
}

export function parseBackendName(value: string | undefined): BackendName | undefined {
  if (value === undefined || value === '') return undefined;
  const found = CANDIDATES.find((c) => c.name === value);
  if (!found) {
    throw new ApiError('invalid_input', `Unknown backend "${value}" in CXR_BACKEND; use one of ${CANDIDATES.map((c) => c.name).join(', ')}.`);
  }
  return found.name;
}
