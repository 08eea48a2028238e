// Builds everything `npm start`, the CLI, Electron and the tests run from:
//   dist/main/*.cjs   Node entries bundled with esbuild (native and optional packages stay external)
//   dist/renderer/    the React renderer, built with Vite
// `--only-node` skips the renderer for quick CLI runs.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const onlyNode = process.argv.includes('--only-node');

function gitCommit() {
  try {
    return execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

const nodeEntries = {
  start: 'main/start.ts',
  cli: 'main/cli.ts',
  'electron-main': 'main/electron/main.ts',
  preload: 'main/electron/preload.ts',
  // Worker threads and child processes load their own bundle; app/workers/entry-points.ts finds it next to the host's.
  'import-worker': 'app/import/worker.ts',
  'sample-worker': 'app/samples/sample-worker.ts',
  'train-process': 'app/runs/train-process.ts',
  'analysis-worker': 'app/analysis/worker/analysis-worker.ts',
  'batch-worker': 'app/ssl/train/batch-worker.ts',
};

await esbuild({
  absWorkingDir: root,
  entryPoints: Object.fromEntries(Object.entries(nodeEntries).map(([name, file]) => [name, file])),
  outdir: 'dist/main',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // Native addons, wasm loaders and Electron must be resolved at run time from node_modules.
  external: ['electron', 'better-sqlite3', 'sharp', '@tensorflow/*', '@cornerstonejs/*', 'ws', 'bufferutil', 'utf-8-validate'],
  // Modules that locate files next to themselves use import.meta.url in every mode (tests, tsx, bundle).
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: { __CXR_COMMIT__: JSON.stringify(gitCommit()), 'import.meta.url': '__importMetaUrl' },
});

if (!onlyNode) {
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
}
