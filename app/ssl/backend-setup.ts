import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import * as tf from '@tensorflow/tfjs';
import { installWasmKernels } from './nn/wasm-kernels';
import { setSimdThreads, simdThreads } from './nn/simd/simd-module';
import { installWasmAdamW } from './optim/wasm-adamw';
import { installWasmEma } from './optim/wasm-ema';

/**
 * Training set-up of the wasm backend, called by the app right after it selected 'wasm': the lighter Slice,
 * SplitV and Identity kernels, our SIMD kernels and the fused ones (nn/wasm-*, nn/simd, optim/wasm-adamw),
 * and (guarded) a second thread (tfjs-wasm-notes §8).
 *
 * The second thread is ours: our kernels (GEMM, GELU) split their work with a worker that shares the heap
 * (nn/simd/simd-pool.ts). A shared heap needs tfjs's threaded build, which Node does not get by default
 * (tfjs 4.22 hard-wires WASM_HAS_MULTITHREAD_SUPPORT to false). Starting it takes, before re-creating the
 * backend:
 *  - the flag set to true;
 *  - the pthread worker script as a real file: tfjs hands emscripten a blob: URL, which Node's Worker cannot
 *    load, and its worker loads the main script from a Blob, which Node cannot import either, so the file
 *    loads the threaded module from its path in node_modules instead.
 * XNNPACK's own thread pool is kept at 1: its threads spin between operations and took the second core from
 * our worker (an 8-pair ACE step took 5.45 s with 2 XNNPACK threads, 5.02 s with 1).
 * The backend is re-created, so this must run before any tensor exists. Any failure (a tfjs version whose
 * worker script differs, a worker that never loads) falls back to the plain 1-thread backend. The pthread
 * workers keep Node's event loop alive: a command-line process must exit explicitly when done.
 */
export interface WasmSetupReport {
  readonly threads: number;
  /** The replacement Slice / SplitV / Identity / Transpose and the fused kernels are installed. */
  readonly kernels: boolean;
  /** Why the thread count is what it is. */
  readonly note: string;
}

const require = createRequire(import.meta.url);
const WASM_PKG = '@tensorflow/tfjs-backend-wasm';
/** The worker's Blob-based main-script import, replaced by an import from a path. */
const BLOB_IMPORT = 'var objectUrl=URL.createObjectURL(e.data.urlOrBlob);importScripts(objectUrl);URL.revokeObjectURL(objectUrl)';

interface FactoryEntry {
  factory: () => tf.KernelBackend | Promise<tf.KernelBackend>;
  priority: number;
}

type WasmModule = typeof import('@tensorflow/tfjs-backend-wasm');

function registryEntry(): FactoryEntry {
  const entry = (tf.engine() as unknown as { registryFactory: Record<string, FactoryEntry | undefined> }).registryFactory.wasm;
  if (!entry) throw new Error('the wasm backend is not registered');
  return entry;
}

/** Writes the pthread worker script (checked to compile) to a temporary file removed at exit. */
function workerScript(): string {
  const { wasmWorkerContents } = require(`${WASM_PKG}/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js`) as { wasmWorkerContents: string };
  if (!wasmWorkerContents.includes(BLOB_IMPORT)) throw new Error('unrecognised tfjs pthread worker script');
  const mainScript = require.resolve(`${WASM_PKG}/wasm-out/tfjs-backend-wasm-threaded-simd.js`);
  // tfjs escapes the newlines inside its string literals the same way before making its Blob.
  const source = wasmWorkerContents.replace(/\n/g, '\\n').replace(BLOB_IMPORT, `importScripts(${JSON.stringify(mainScript)})`);
  new vm.Script(source); // a syntax error here would otherwise kill the process from inside a worker
  const file = path.join(os.tmpdir(), `cxr-tfjs-pthread-${process.pid}.cjs`);
  fs.writeFileSync(file, source);
  process.once('exit', () => fs.rmSync(file, { force: true }));
  return file;
}

async function recreate(entry: FactoryEntry, timeoutMs: number): Promise<void> {
  tf.removeBackend('wasm');
  tf.registerBackend('wasm', entry.factory, entry.priority);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`wasm backend did not start within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    if (!(await Promise.race([tf.setBackend('wasm'), timeout]))) throw new Error("tf.setBackend('wasm') returned false");
  } finally {
    clearTimeout(timer);
  }
}

async function startThreaded(entry: FactoryEntry, wasm: WasmModule, timeoutMs: number): Promise<void> {
  const worker = workerScript();
  const createObjectURL = URL.createObjectURL;
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  wasm.setThreadsCount(1);
  URL.createObjectURL = (obj: Blob | MediaSource) => (obj instanceof Blob && obj.type === 'application/javascript' ? worker : createObjectURL(obj));
  try {
    await recreate(entry, timeoutMs);
  } finally {
    URL.createObjectURL = createObjectURL;
  }
}

/** The pool has one worker: more threads would need more workers and a finer split of the work. */
const MAX_THREADS = 2;

export async function setupWasmBackend(options: { threads?: number; timeoutMs?: number } = {}): Promise<WasmSetupReport> {
  if (tf.getBackend() !== 'wasm') throw new Error(`setupWasmBackend: the active backend is ${tf.getBackend()}, not wasm`);
  const wasm: WasmModule = await import('@tensorflow/tfjs-backend-wasm');
  const wanted = Math.min(MAX_THREADS, options.threads ?? os.availableParallelism());
  let note: string;
  if (wanted <= simdThreads()) note = `${simdThreads()} thread(s) as started`;
  else if (tf.memory().numTensors > 0) note = 'threads not enabled: tensors already exist on the wasm backend (call right after selecting it)';
  else {
    const entry = registryEntry();
    try {
      await startThreaded(entry, wasm, options.timeoutMs ?? 30_000);
      setSimdThreads(wanted);
      note = `${wanted} threads (shared heap; our kernels split over a worker, XNNPACK on 1)`;
    } catch (err) {
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
      await recreate(entry, options.timeoutMs ?? 30_000);
      setSimdThreads(1);
      note = `1 thread: multithreading failed (${(err as Error).message})`;
    }
  }
  await tf.ready();
  installWasmAdamW();
  installWasmEma();
  return { threads: simdThreads(), kernels: installWasmKernels(), note };
}
