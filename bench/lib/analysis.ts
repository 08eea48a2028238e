import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { readCachePlane } from '../../app/analysis/features/images';
import type { AnalysisImage } from '../../app/analysis/features/types';
import { setupWasmBackend } from '../../app/ssl/backend-setup';

/** What the analysis benchmarks share: the development images, and the backend every line reports. */
export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const env = (name: string, fallback: string): string => process.env[name] ?? fallback;
export const jsrtDir = path.resolve(repo, '../shared/data/jsrt-dev/images');

/** The JSRT development images (1024² 8-bit PNGs, read as the app reads its cache), or null when absent. */
export function jsrtImages(limit = Infinity): AnalysisImage[] | null {
  if (!fs.existsSync(jsrtDir)) return null;
  return fs
    .readdirSync(jsrtDir)
    .filter((f) => f.endsWith('.png'))
    .sort()
    .slice(0, limit)
    .map((f) => ({ key: path.basename(f, '.png'), width: 1024, height: 1024, load: () => readCachePlane(path.join(jsrtDir, f)) }));
}

/** Activates `backend` ('wasm' with the app's set-up and `threads`, or 'cpu'); returns the thread count in use. */
export async function benchBackend(backend: string, threads: number): Promise<number> {
  if (backend === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} unavailable`);
  await tf.ready();
  return backend === 'wasm' ? (await setupWasmBackend({ threads })).threads : 1;
}
