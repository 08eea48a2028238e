/**
 * Model-report benchmark (spec §6): wall time per metric and the resulting numbers for the real checkpoint
 * (../realrun/runs/run-1 when present), a random ViT of the same architecture and the raw-pixel baseline, on
 * ../shared/data/jsrt-dev (1024² PNG), with the report's default sizes unless overridden; then the t-SNE of a
 * landmark-embedding-sized point set (the projection's share of an Explore embedding). One JSON line per case
 * (backend and threads in each), then a table.
 *
 *   npx tsx bench/analysis/report.bench.ts
 *   env: REPORT_BENCH_BACKEND=wasm|cpu  REPORT_BENCH_THREADS=1  REPORT_BENCH_CHECKPOINT=<run folder or .safetensors>
 *        REPORT_BENCH_EXTRACTORS=checkpoint,random,pixels  REPORT_BENCH_PATCHES=<compositionality patches>
 *        REPORT_BENCH_BATCHES=<batches of 32>  REPORT_BENCH_EXTRACT_BATCH=<inputs per extractor call>
 *        REPORT_BENCH_TSNE_POINTS=840 (0: skip)  REPORT_BENCH_TSNE_ITERATIONS=1000
 */
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { project } from '../../app/analysis/embeddings/projection';
import { openExtractor } from '../../app/analysis/features/extractors';
import type { AnalysisImage, ExtractorSpec } from '../../app/analysis/features/types';
import { modelReport, REPORT_DEFAULTS } from '../../app/analysis/report/model-report';
import { createRng } from '../../app/ssl/rng';
import { benchBackend, env, jsrtDir, jsrtImages, repo } from '../lib/analysis';
import { type Row, printRow, printTable, trackPeakRss } from '../lib/report';

const optionalNumber = (name: string): number | undefined => (process.env[name] ? Number(process.env[name]) : undefined);
const backend = env('REPORT_BENCH_BACKEND', 'wasm');
const checkpoint = path.resolve(repo, env('REPORT_BENCH_CHECKPOINT', '../realrun/runs/run-1'));


function specs(): [string, ExtractorSpec][] {
  const haveCheckpoint = fs.existsSync(checkpoint);
  const all: [string, ExtractorSpec | null][] = [
    ['checkpoint', haveCheckpoint ? { kind: 'checkpoint', path: checkpoint } : null],
    ['random', haveCheckpoint ? { kind: 'random', like: checkpoint } : { kind: 'random' }],
    ['pixels', { kind: 'pixels', patch: 16 }],
  ];
  const wanted = env('REPORT_BENCH_EXTRACTORS', 'checkpoint,random,pixels').split(',');
  for (const [name, spec] of all) if (wanted.includes(name) && !spec) console.log(`${name}: skipped, ${checkpoint} is absent`);
  return all.filter((e): e is [string, ExtractorSpec] => wanted.includes(e[0]) && e[1] !== null);
}

/** CPU seconds of this process since `start`: on a shared machine wall time overstates what a report costs. */
const cpuSeconds = (start: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1e6;
};

const round = (v: number | null | undefined, digits = 4): number | string => (v === null || v === undefined ? '-' : Number(v.toFixed(digits)));

async function reportRow(name: string, spec: ExtractorSpec, images: readonly AnalysisImage[], threads: number): Promise<Row> {
  const extractor = await openExtractor(spec);
  try {
    const rss = trackPeakRss();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const { settings, metrics } = await modelReport(extractor, images, {
      compositionalityPatches: optionalNumber('REPORT_BENCH_PATCHES'),
      batches: optionalNumber('REPORT_BENCH_BATCHES'),
      extractBatch: optionalNumber('REPORT_BENCH_EXTRACT_BATCH'),
    });
    const totalMs = performance.now() - t0;
    const cpuS = cpuSeconds(cpu0);
    const t = metrics.timingsMs;
    return {
      backend,
      threads,
      extractor: name,
      label: extractor.label,
      input: settings.feature.inputSize,
      images: images.length,
      patches: settings.compositionalityPatches,
      batches: settings.batches,
      queries: metrics.queries,
      compositionality_mean: round(metrics.compositionality?.mean),
      compositionality_std: round(metrics.compositionality?.std),
      decompositionality: round(metrics.decompositionalityAccuracy),
      retrieval_top1: round(metrics.retrievalTop1),
      s_compositionality: round(t.compositionality / 1000, 1),
      s_retrieval: round(t.retrieval / 1000, 1),
      s_decompositionality_extra: round(t.decompositionality / 1000, 1),
      s_total: round(totalMs / 1000, 1),
      cpu_s: round(cpuS, 1),
      ms_per_input: Math.round(totalMs / (5 * settings.compositionalityPatches + 3 * metrics.queries)),
      peak_rss_mb: rss.stop(),
    };
  } finally {
    extractor.dispose();
  }
}

/** t-SNE of n ViT-T-sized (192-d) vectors in 14 clusters: the projection share of an Explore embedding. */
async function tsneRow(n: number, threads: number): Promise<Row> {
  const rng = createRng(0);
  const centres = Array.from({ length: 14 }, () => Float32Array.from({ length: 192 }, () => rng.normal()));
  const vectors = Array.from({ length: n }, (_, i) => centres[i % 14]!.map((c) => c + 0.5 * rng.normal()));
  const iterations = Number(env('REPORT_BENCH_TSNE_ITERATIONS', '1000'));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await project(vectors, 'tsne', { tsne: { iterations } });
  const ms = performance.now() - t0;
  return { backend, threads, extractor: 'tsne', points: n, iterations, s_total: round(ms / 1000, 1), cpu_s: round(cpuSeconds(cpu0), 1), ms_per_iteration: round(ms / iterations, 1) };
}

async function main(): Promise<void> {
  const images = jsrtImages();
  if (!images) {
    console.log(`report bench skipped: ${jsrtDir} is absent (development data not here)`);
    return;
  }
  const threads = await benchBackend(backend, Number(env('REPORT_BENCH_THREADS', '1')));
  console.log(`defaults: ${JSON.stringify(REPORT_DEFAULTS)}`);
  const rows: Row[] = [];
  for (const [name, spec] of specs()) {
    const row = { ...(await reportRow(name, spec, images, threads)), num_tensors_after: tf.memory().numTensors };
    printRow(row);
    rows.push(row);
  }
  const points = Number(env('REPORT_BENCH_TSNE_POINTS', '840'));
  if (points > 0) {
    const row = await tsneRow(points, threads);
    printRow(row);
    rows.push(row);
  }
  printTable(rows);
}

await main();
// Forced wasm pthread workers keep the event loop alive.
process.exit(0);
