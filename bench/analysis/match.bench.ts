/**
 * Landmark matching on real radiographs (../shared/data/jsrt-dev, 1024² with contour landmarks).
 *
 * Speed: one query/key pair with 14 landmarks, features already cached (computed once first): reading the cached
 * maps, coarse-to-fine matching of the 14 points (target < 1 s on wasm), and best buddies on the coarse and the
 * fine maps. Accuracy (MATCH_BENCH_PAIRS > 0): landmark transfer over query/key pairs of distinct images, error in
 * px of the 1024² key: mean, median, PCK@25/50/100, next to the "unchanged position" and random references.
 * One JSON line per case (with backend and threads), then a table.
 *
 *   npx tsx bench/analysis/match.bench.ts
 *   env: MATCH_BENCH_SOURCES=pixels,random[,<checkpoint folder or .safetensors>]  MATCH_BENCH_PAIRS=20
 *        MATCH_BENCH_REPEATS=5  MATCH_BENCH_CACHE=<feature cache folder (default: tmp, kept between runs)>
 *        MATCH_BENCH_LAYER=<block, −1 = last>  MATCH_BENCH_FACET=token|key|query|value
 *        MATCH_BENCH_RADII=0.05,0.1 (accuracy also with the search limited to these fractions of the side)
 *        CXR_BACKEND, CXR_WASM_THREADS as for the app
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseJsrt } from '../../app/annotations/formats/jsrt';
import { bestBuddies } from '../../app/analysis/correspondence/best-buddies';
import {
  evaluatePredictions,
  randomPredictions,
  unchangedPredictions,
  type Point,
  type Prediction,
  type TransferCase,
} from '../../app/analysis/correspondence/evaluate';
import { matchLandmarks } from '../../app/analysis/correspondence/match';
import { correspondenceSettings, featureMaps, predictPairs, type CorrespondencePair } from '../../app/analysis/correspondence/runner';
import { openExtractor } from '../../app/analysis/features/extractors';
import { fileImage } from '../../app/analysis/features/images';
import { createFeatureService } from '../../app/analysis/features/service';
import type { AnalysisImage, ExtractorSpec, Facet, FeatureExtractor } from '../../app/analysis/features/types';
import type { JsrtPick } from '../../app/api/schemas/annotations';
import { activateCompute } from '../../app/compute/activate';
import { type Row, printRow, printTable, trackPeakRss } from '../lib/report';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const jsrt = path.resolve(repoRoot, '../shared/data/jsrt-dev');
const env = (name: string, fallback: string): string => process.env[name] ?? fallback;
const sources = env('MATCH_BENCH_SOURCES', 'pixels,random').split(',').filter(Boolean);
const accuracyPairs = Number(env('MATCH_BENCH_PAIRS', '20'));
const repeats = Number(env('MATCH_BENCH_REPEATS', '5'));
const radii = env('MATCH_BENCH_RADII', '0.05,0.1').split(',').filter(Boolean).map(Number);
const cacheDir = env('MATCH_BENCH_CACHE', path.join(os.tmpdir(), 'cxr-match-bench-features'));
/** Feature settings for the models (the pixels baseline ignores layer and facet); unset = the extractor's defaults. */
const overrides = {
  ...(process.env.MATCH_BENCH_LAYER ? { layer: Number(process.env.MATCH_BENCH_LAYER) } : {}),
  ...(process.env.MATCH_BENCH_FACET ? { facet: process.env.MATCH_BENCH_FACET as Facet } : {}),
};

/** 14 contour points used as named landmarks: the data README's suggestions, then others spread over the contours. */
const PICKS: readonly JsrtPick[] = (
  [
    ['RL', 0],
    ['RL', 21],
    ['LL', 0],
    ['LL', 22],
    ['H', 9],
    ['RCLA', 0],
    ['LCLA', 0],
    ['RL', 11],
    ['LL', 11],
    ['H', 0],
    ['H', 17],
    ['RL', 33],
    ['LL', 36],
    ['RCLA', 11],
  ] as const
).map(([structure, index]) => ({ structure, index, landmark: `${structure}[${index}]` }));

function spec(source: string): ExtractorSpec {
  if (source === 'pixels') return { kind: 'pixels' };
  if (source === 'random') return { kind: 'random' };
  return { kind: 'checkpoint', path: path.resolve(source) };
}

function loadTruth(): Map<string, Record<string, Point>> {
  const doc = parseJsrt(fs.readFileSync(path.join(jsrt, 'landmarks.json'), 'utf8'), PICKS);
  const truth = new Map<string, Record<string, Point>>();
  for (const a of doc.annotations) {
    const points = truth.get(a.file) ?? {};
    points[a.landmark] = { x: a.x!, y: a.y! };
    truth.set(a.file, points);
  }
  return truth;
}

const ms = (t0: number): number => Math.round((performance.now() - t0) * 10) / 10;

async function timing(extractor: FeatureExtractor, images: ReadonlyMap<string, AnalysisImage>, truth: ReadonlyMap<string, Record<string, Point>>, base: Row): Promise<Row[]> {
  const [a, b] = [...images.keys()];
  const settings = correspondenceSettings(extractor, overrides);
  const service = createFeatureService({ cacheDir });
  const pair = new Map([a!, b!].map((n) => [n, images.get(n)!]));
  let t0 = performance.now();
  await featureMaps(service, extractor, pair, settings);
  const firstMs = ms(t0);
  let readMs = 0;
  let matchMs = 0;
  let buddiesCoarseMs = 0;
  let maps;
  for (let i = 0; i < repeats; i++) {
    t0 = performance.now();
    maps = await featureMaps(service, extractor, pair, settings);
    readMs += ms(t0) / repeats;
    t0 = performance.now();
    matchLandmarks(maps.get(a!)!, truth.get(a!)!, maps.get(b!)!);
    matchMs += ms(t0) / repeats;
    t0 = performance.now();
    await bestBuddies(maps.get(a!)!.coarse, maps.get(b!)!.coarse);
    buddiesCoarseMs += ms(t0) / repeats;
  }
  const rows: Row[] = [
    { ...base, case: 'features (first call)', ms: firstMs },
    { ...base, case: 'features (cached)', ms: Math.round(readMs) },
    { ...base, case: `match ${PICKS.length} landmarks`, ms: Math.round(matchMs * 10) / 10 },
    { ...base, case: `best buddies ${maps!.get(a!)!.coarse.rows}²`, ms: Math.round(buddiesCoarseMs) },
  ];
  const fineA = maps!.get(a!)!.fine;
  const fineB = maps!.get(b!)!.fine;
  if (fineA && fineB) {
    t0 = performance.now();
    await bestBuddies(fineA, fineB);
    rows.push({ ...base, case: `best buddies ${fineA.rows}²`, ms: ms(t0) });
  }
  return rows;
}

function summaryRow(base: Row, name: string, predictions: readonly Prediction[], truth: ReadonlyMap<string, Record<string, Point>>): Row {
  const { overall } = evaluatePredictions(predictions, truth);
  const r = (v: number) => Math.round(v * 10) / 10;
  return { ...base, case: `accuracy ${name}`, n: overall.n, meanPx: r(overall.mean), medianPx: r(overall.median), pck25: r(overall.pck[25]! * 100), pck50: r(overall.pck[50]! * 100), pck100: r(overall.pck[100]! * 100) };
}

async function main(): Promise<void> {
  if (!fs.existsSync(jsrt)) {
    console.log(`match bench skipped: ${jsrt} is absent`);
    return;
  }
  const compute = await activateCompute();
  const truth = loadTruth();
  const files = [...truth.keys()].sort();
  const count = Math.min(files.length, Math.max(2, 2 * accuracyPairs));
  const images = new Map(await Promise.all(files.slice(0, count).map(async (f) => [f, await fileImage(path.join(jsrt, 'images', f))] as const)));
  // Disjoint pairs (2i, 2i+1): every image is a query or a key once, so no pair shares an image.
  const pairs: CorrespondencePair[] = Array.from({ length: Math.min(accuracyPairs, Math.floor(count / 2)) }, (_, i) => ({
    query: files[2 * i]!,
    key: files[2 * i + 1]!,
    points: truth.get(files[2 * i]!)!,
  }));
  const rows: Row[] = [];
  const emit = (row: Row) => {
    printRow(row);
    rows.push(row);
  };
  const cases: TransferCase[] = pairs.map((p) => ({ ...p, queryWidth: 1024, queryHeight: 1024, keyWidth: 1024, keyHeight: 1024 }));
  const common = { bench: 'match', backend: compute.backend, threads: compute.threads };
  if (pairs.length > 0) {
    emit(summaryRow({ ...common, source: 'unchanged position' }, `${pairs.length} pairs`, unchangedPredictions(cases), truth));
    emit(summaryRow({ ...common, source: 'random position' }, `${pairs.length} pairs`, randomPredictions(cases), truth));
  }
  for (const source of sources) {
    const extractor = await openExtractor(spec(source));
    try {
      const settings = correspondenceSettings(extractor, overrides);
      const base: Row = { ...common, source: extractor.label, layer: settings.coarse.layer, facet: settings.coarse.facet, inputSize: settings.coarse.inputSize, stride: settings.coarse.stride, fineStride: settings.fine?.stride ?? 0 };
      let rss = trackPeakRss();
      const timingRows = await timing(extractor, images, truth, base);
      const timingPeak = rss.stop();
      for (const row of timingRows) emit({ ...row, peakRssMb: timingPeak });
      if (pairs.length > 0) {
        rss = trackPeakRss();
        const t0 = performance.now();
        const maps = await featureMaps(createFeatureService({ cacheDir }), extractor, images, settings);
        const featuresMs = ms(t0);
        emit({ ...summaryRow(base, `${pairs.length} pairs`, predictPairs(maps, pairs), truth), featuresMs, peakRssMb: rss.stop() });
        for (const searchRadius of radii) emit(summaryRow(base, `${pairs.length} pairs, radius ${searchRadius}`, predictPairs(maps, pairs, { match: { searchRadius } }), truth));
      }
    } finally {
      extractor.dispose();
    }
  }
  printTable(rows);
}

// Explicit exit: a failure would otherwise leave the RSS sampler (and any wasm pthreads) keeping the process alive.
main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
