import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Worker entry points exist twice: bundled next to the host (dist/main/<name>.cjs) and as TypeScript sources
 * when tests or tsx run the app from source. Each name maps to its source file relative to app/.
 */
const SOURCES: Record<string, string> = {
  'import-worker': 'import/worker.ts',
  'sample-worker': 'samples/sample-worker.ts',
};

const here = fileURLToPath(import.meta.url);
const hereDir = path.dirname(here);
const bundled = here.endsWith('.cjs');

export function startWorker(name: keyof typeof SOURCES & string, options: WorkerOptions = {}): Worker {
  if (bundled) return new Worker(path.join(hereDir, `${name}.cjs`), options);
  const source = SOURCES[name];
  if (!source) throw new Error(`Unknown worker "${name}".`);
  const file = pathToFileURL(path.resolve(hereDir, '..', source)).href;
  // The ESM build of tsx's API: require.resolve would pick its CommonJS twin, which cannot register ESM hooks.
  const tsxDir = path.dirname(createRequire(here).resolve('tsx/package.json'));
  const tsx = pathToFileURL(path.join(tsxDir, 'dist', 'esm', 'api', 'index.mjs')).href;
  // Running from source: register tsx's loader inside the worker before importing the TypeScript entry.
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(file)}); })`;
  return new Worker(bootstrap, { ...options, eval: true });
}
