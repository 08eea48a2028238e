import { fork, type ChildProcess, type ForkOptions } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Worker threads and child processes exist twice: bundled next to the host (dist/main/<name>.cjs) and as
 * TypeScript sources when tests or tsx run the app from source. Each name maps to its source file under app/.
 */
const SOURCES = {
  'import-worker': 'import/worker.ts',
  'sample-worker': 'samples/sample-worker.ts',
  'train-process': 'runs/train-process.ts',
  'analysis-worker': 'analysis/worker/analysis-worker.ts',
  'batch-worker': 'ssl/train/batch-worker.ts',
} as const;
export type EntryPoint = keyof typeof SOURCES;

const here = fileURLToPath(import.meta.url);
const hereDir = path.dirname(here);
const bundled = here.endsWith('.cjs');

function sourceFile(name: EntryPoint): string {
  return path.resolve(hereDir, '..', SOURCES[name]);
}

/** tsx's ESM entry points: require.resolve would pick their CommonJS twins, which cannot register ESM hooks. */
function tsxFile(...parts: string[]): string {
  const tsxDir = path.dirname(createRequire(here).resolve('tsx/package.json'));
  return pathToFileURL(path.join(tsxDir, 'dist', ...parts)).href;
}

export function startWorker(name: EntryPoint, options: WorkerOptions = {}): Worker {
  if (bundled) return new Worker(path.join(hereDir, `${name}.cjs`), options);
  const file = pathToFileURL(sourceFile(name)).href;
  // Running from source: register tsx's loader inside the worker before importing the TypeScript entry.
  const bootstrap = `import(${JSON.stringify(tsxFile('esm', 'api', 'index.mjs'))}).then(({ register }) => { register(); return import(${JSON.stringify(file)}); })`;
  return new Worker(bootstrap, { ...options, eval: true });
}

/** A child process with an IPC channel; from source it runs under tsx's loader. */
export function forkProcess(name: EntryPoint, options: ForkOptions = {}): ChildProcess {
  if (bundled) return fork(path.join(hereDir, `${name}.cjs`), [], options);
  return fork(sourceFile(name), [], { ...options, execArgv: [...(options.execArgv ?? []), '--import', tsxFile('loader.mjs')] });
}
