/**
 * Feature-extraction benchmark: images/s of the analysis feature service (load the cache-scale PNG, resize to
 * the network input, extract, normalise) for ViT-T/16 at 224 and 448 px, stride 16 and 8, the last block's
 * tokens; one key-facet case with log-binning (the correspondence descriptor of spec §5.1); the raw-pixel
 * baseline; and every case again read back from the on-disk cache. The model is the real checkpoint in
 * ../realrun/runs/run-1 when present, else a random ViT-T/16; images are ../shared/data/jsrt-dev (1024² PNG).
 * Times per image are the best of FEATURES_BENCH_REPEATS runs after a warm-up, wall and CPU (see timedRun), with
 * the 1-minute load average beside them. One JSON line per case (backend and threads in each), then a table.
 *
 *   npm run bench:explore
 *   env: FEATURES_BENCH_BACKEND=wasm|cpu  FEATURES_BENCH_THREADS=1  FEATURES_BENCH_IMAGES=4  FEATURES_BENCH_REPEATS=2
 *        FEATURES_BENCH_CHECKPOINT=<run folder or .safetensors>  FEATURES_BENCH_CASES=<case names, comma-separated>
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { openExtractor } from '../../app/analysis/features/extractors';
import { createFeatureService } from '../../app/analysis/features/service';
import { gridSide } from '../../app/analysis/features/settings';
import type { AnalysisImage, ExtractorSpec, FeatureExtractor, FeatureSettings } from '../../app/analysis/features/types';
import { benchBackend, env, jsrtDir, jsrtImages, repo } from '../lib/analysis';
import { type Row, printRow, printTable, trackPeakRss } from '../lib/report';

const backend = env('FEATURES_BENCH_BACKEND', 'wasm');
const imageCount = Number(env('FEATURES_BENCH_IMAGES', '4'));
const repeats = Number(env('FEATURES_BENCH_REPEATS', '2'));
const checkpoint = path.resolve(repo, env('FEATURES_BENCH_CHECKPOINT', '../realrun/runs/run-1'));

interface Case {
  readonly name: string;
  readonly model: 'vit' | 'pixels';
  readonly settings: FeatureSettings;
}

const token = (inputSize: number, stride: number): FeatureSettings => ({ layer: -1, facet: 'token', inputSize, stride, logBin: false });
const CASES: readonly Case[] = [
  { name: 'vit-224-s16', model: 'vit', settings: token(224, 16) },
  { name: 'vit-224-s8', model: 'vit', settings: token(224, 8) },
  { name: 'vit-448-s16', model: 'vit', settings: token(448, 16) },
  { name: 'vit-448-s8', model: 'vit', settings: token(448, 8) },
  { name: 'vit-512-s16', model: 'vit', settings: token(512, 16) },
  { name: 'vit-448-s16-key9-bin', model: 'vit', settings: { layer: 9, facet: 'key', inputSize: 448, stride: 16, logBin: true } },
  { name: 'pixels-448-s16', model: 'pixels', settings: token(448, 16) },
];


/**
 * Wall and CPU ms per image, each the best of `times` runs. Other processes share the cores: CPU time (user +
 * system of this process, sharp's threads included) is the figure that stays stable under that load, and equals
 * wall time on an idle machine with one wasm thread.
 */
async function timedRun(extractor: FeatureExtractor, images: readonly AnalysisImage[], settings: FeatureSettings, cacheDir?: string, times = 1): Promise<{ wall: number; cpu: number }> {
  const service = createFeatureService({ cacheDir });
  const best = { wall: Infinity, cpu: Infinity };
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    await service.features(extractor, images, settings);
    const c = process.cpuUsage(c0);
    best.wall = Math.min(best.wall, (performance.now() - t0) / images.length);
    best.cpu = Math.min(best.cpu, (c.user + c.system) / 1000 / images.length);
  }
  return best;
}

async function main(): Promise<void> {
  const images = jsrtImages(imageCount);
  if (!images) {
    console.log(`features bench skipped: ${jsrtDir} is absent (development data not here)`);
    return;
  }
  const threads = await benchBackend(backend, Number(env('FEATURES_BENCH_THREADS', '1')));
  const modelSpec: ExtractorSpec = fs.existsSync(checkpoint) ? { kind: 'checkpoint', path: checkpoint } : { kind: 'random' };
  const t0 = performance.now();
  const vit = await openExtractor(modelSpec);
  const openMs = Math.round(performance.now() - t0);
  console.log(`model: ${vit.label} (opened in ${openMs} ms)${modelSpec.kind === 'random' ? ` — ${checkpoint} absent` : ''}`);
  const pixels = await openExtractor({ kind: 'pixels', patch: vit.patchSize });
  const selected = env('FEATURES_BENCH_CASES', '').split(',').filter(Boolean);
  const cacheRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'cxr-features-bench-'));
  const rows: Row[] = [];
  try {
    for (const c of CASES.filter((k) => selected.length === 0 || selected.includes(k.name))) {
      const extractor = c.model === 'vit' ? vit : pixels;
      const side = gridSide(c.settings.inputSize, extractor.patchSize, c.settings.stride);
      const rss = trackPeakRss();
      // Warm-up on one image: kernel set-up, heap growth, the position-embedding resampling matrix.
      await timedRun(extractor, images.slice(0, 1), c.settings);
      const run = await timedRun(extractor, images, c.settings, undefined, repeats);
      const cacheDir = path.join(cacheRoot, c.name);
      await timedRun(extractor, images, c.settings, cacheDir);
      const cached = await timedRun(extractor, images, c.settings, cacheDir, repeats);
      const row: Row = {
        backend,
        threads,
        case: c.name,
        model: c.model === 'vit' ? (modelSpec.kind === 'checkpoint' ? 'checkpoint' : 'random') : 'pixels',
        input: c.settings.inputSize,
        stride: c.settings.stride,
        tokens: side * side,
        layer: c.settings.layer,
        facet: c.settings.facet,
        log_bin: c.settings.logBin,
        images: images.length,
        repeats,
        ms_per_image: Math.round(run.wall),
        cpu_ms_per_image: Math.round(run.cpu),
        images_per_s: Number((1000 / run.wall).toFixed(2)),
        cached_ms_per_image: Math.round(cached.wall),
        cached_cpu_ms_per_image: Math.round(cached.cpu),
        peak_rss_mb: rss.stop(),
        num_tensors: tf.memory().numTensors,
        // Other processes share the cores: timings are only comparable at similar load.
        load_1min: Number(os.loadavg()[0]!.toFixed(1)),
      };
      printRow(row);
      rows.push(row);
    }
  } finally {
    fs.rmSync(cacheRoot, { recursive: true, force: true });
    vit.dispose();
    pixels.dispose();
  }
  printTable(rows);
}

await main();
// Forced wasm pthread workers keep the event loop alive.
process.exit(0);
