/**
 * Co-segmentation benchmark on ../shared/data/jsrt-dev (1024² PNG): 8, 32 and 64 images; per case the time of
 * stage 1 (body masks, elbow k-means, votes), of stage 2 and the edge-following labelling for each K, and of
 * writing the label PNGs + legend.json; peak RSS. Features come from the raw-pixel baseline by default (or the
 * real checkpoint with COSEG_BENCH_MODEL=checkpoint) through the feature service's disk cache, so they are
 * computed once and not part of the timings. Wall and CPU seconds both: on a shared machine the CPU seconds
 * (stage 2 and smoothing together as segment_cpu_s) tell what the work costs. One JSON line per case (backend
 * and threads in each), then a table.
 *
 *   npx tsx bench/analysis/cosegment.bench.ts
 *   env: COSEG_BENCH_MODEL=pixels|checkpoint  COSEG_BENCH_CHECKPOINT=<run folder>  COSEG_BENCH_INPUT=512
 *        COSEG_BENCH_COUNTS=8,32,64  COSEG_BENCH_PARTS=3,5,8
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { prepareCosegmentation } from '../../app/analysis/cosegment/cosegment';
import { writeCosegmentation } from '../../app/analysis/cosegment/export';
import { cosegmentGuides } from '../../app/analysis/cosegment/guides';
import { openExtractor } from '../../app/analysis/features/extractors';
import { createFeatureService } from '../../app/analysis/features/service';
import type { ExtractorSpec } from '../../app/analysis/features/types';
import { activateCompute } from '../../app/compute/activate';
import { env, jsrtDir, jsrtImages, repo } from '../lib/analysis';
import { type Row, printRow, printTable, trackPeakRss } from '../lib/report';

const list = (name: string, fallback: string): number[] => env(name, fallback).split(',').map(Number);
const counts = list('COSEG_BENCH_COUNTS', '8,32,64');
const partCounts = list('COSEG_BENCH_PARTS', '3,5,8');
const inputSize = Number(env('COSEG_BENCH_INPUT', '512'));
const modelSpec: ExtractorSpec =
  env('COSEG_BENCH_MODEL', 'pixels') === 'checkpoint' ? { kind: 'checkpoint', path: path.resolve(repo, env('COSEG_BENCH_CHECKPOINT', '../realrun/runs/run-1')) } : { kind: 'pixels' };
// Kept between runs on purpose: the features are the input of this benchmark, not what it measures.
const featureCache = path.join(os.tmpdir(), 'cxr-cosegment-bench-features');

const seconds = (ms: number): number => Number((ms / 1000).toFixed(3));
/** CPU seconds of this process since `from`: wall time on a shared machine says little, this is what the work costs. */
const cpuSince = (from: NodeJS.CpuUsage): number => {
  const { user, system } = process.cpuUsage(from);
  return Number(((user + system) / 1e6).toFixed(3));
};

async function main(): Promise<void> {
  const images = jsrtImages(Math.max(...counts));
  if (!images) {
    console.log(`cosegment bench skipped: ${jsrtDir} is absent (development data not here)`);
    return;
  }
  const compute = await activateCompute(env('COSEG_BENCH_BACKEND', 'wasm'));
  const extractor = await openExtractor(modelSpec);
  const settings = { ...extractor.defaults, inputSize };
  const t0 = performance.now();
  const maps = await createFeatureService({ cacheDir: featureCache }).features(extractor, images, settings);
  console.log(`features: ${extractor.label}, input ${inputSize}, ${maps[0]!.rows}² tokens × ${maps[0]!.dim}; ${images.length} images in ${seconds(performance.now() - t0)} s (cache ${featureCache})`);
  extractor.dispose();
  const guides = await cosegmentGuides(images);
  const rows: Row[] = [];
  for (const n of counts.filter((c) => c <= images.length)) {
    const rss = trackPeakRss();
    const started = performance.now();
    const stage1Cpu = process.cpuUsage();
    const co = prepareCosegmentation(maps.slice(0, n).map((map, i) => ({ map, image: guides[i]! })));
    const stage1 = performance.now() - started;
    const stage1CpuS = cpuSince(stage1Cpu);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cxr-cosegment-bench-'));
    const caseRows: Row[] = [];
    try {
      for (const parts of partCounts) {
        const segmentCpu = process.cpuUsage();
        const result = co.segment(parts);
        const segmentCpuS = cpuSince(segmentCpu);
        const exportStart = performance.now();
        await writeCosegmentation(out, result, images.slice(0, n).map((i) => `${i.key}.png`), { settings: co.settings, stage1: co.stage1 });
        caseRows.push({
          backend: compute.backend,
          threads: compute.threads,
          model: modelSpec.kind,
          images: n,
          tokens_per_image: maps[0]!.rows * maps[0]!.cols,
          dim: maps[0]!.dim,
          stage1_k: co.stage1.k,
          stage1_s: seconds(stage1),
          stage1_cpu_s: stage1CpuS,
          parts,
          stage2_s: seconds(result.timings.stage2),
          smoothing_s: seconds(result.timings.smoothing),
          segment_cpu_s: segmentCpuS,
          export_s: seconds(performance.now() - exportStart),
        });
      }
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
    // Peak over the whole case (stage 1 and every K): the process holds all of it at once in the app too.
    const peak = rss.stop();
    for (const row of caseRows) {
      const withPeak = { ...row, peak_rss_mb: peak };
      printRow(withPeak);
      rows.push(withPeak);
    }
  }
  printTable(rows);
}

await main();
// Forced wasm pthread workers keep the event loop alive.
process.exit(0);
