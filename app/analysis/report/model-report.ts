import { createRng, deriveSeed, type Rng } from '../../ssl/rng';
import { validateSettings } from '../features/settings';
import type { AnalysisImage, FeatureExtractor, FeatureSettings } from '../features/types';
import { batchInputs } from './batch-views';
import { decompositionalityHits, retrievalHits } from './batch-scores';
import { compositionality } from './compositionality';
import { permutation, type Range } from './crops';
import type { LandmarkSummary, ReportMetrics, ReportSettings } from './metrics';
import { pooledFeatures, pooledSettings, type PooledOptions } from './pooled-feature';

/**
 * Sizes that take about a minute for ViT-T/16 at 224 on one wasm thread: 5·48 + 3·96 = 528 network inputs at
 * ~0.1 CPU-s each, image loading and resizing included (bench/analysis/report.bench.ts; wall time is longer on
 * a machine shared with training).
 */
export const REPORT_DEFAULTS = {
  seed: 0,
  inputSize: 224,
  compositionalityPatches: 48,
  patchSide: [0.25, 0.5] as Range,
  batchSize: 32,
  batches: 3,
  cropArea: [0.3, 0.6] as Range,
  extractBatch: 8,
} as const;

export type LandmarkSource = LandmarkSummary | ((signal?: AbortSignal) => Promise<LandmarkSummary>);

export interface ReportOptions {
  readonly seed?: number;
  /** Network input side: the model's training crop (224 for ViT-T/16). */
  readonly inputSize?: number;
  readonly compositionalityPatches?: number;
  readonly patchSide?: Range;
  readonly batchSize?: number;
  /** Upper bound on batches for decompositionality and retrieval (fewer when the images run out). */
  readonly batches?: number;
  readonly cropArea?: Range;
  /** Inputs per extractor call. */
  readonly extractBatch?: number;
  /** Landmark correspondence error: a precomputed summary, or the evaluation to run (spec §6.1). */
  readonly landmarks?: LandmarkSource;
  readonly signal?: AbortSignal;
  /** (feature extractions done, planned, what is running). */
  readonly onProgress?: (done: number, total: number, stage: string) => void;
}

export interface ModelReportResult {
  readonly extractorId: string;
  readonly extractorLabel: string;
  readonly settings: ReportSettings;
  readonly metrics: ReportMetrics;
}

/**
 * Batches of `batchSize` images in a seeded order. With fewer images than one batch, all of them form one smaller
 * batch (the accuracies are then easier: fewer distractors); otherwise leftovers beyond whole batches are unused.
 */
function planBatches(count: number, batchSize: number, maxBatches: number, seed: number): number[][] {
  if (count < 2 || maxBatches === 0) return [];
  const order = permutation(createRng(deriveSeed(seed, 'report:batches')), count);
  if (count < batchSize) return [order];
  const whole = Math.min(maxBatches, Math.floor(count / batchSize));
  return Array.from({ length: whole }, (_, b) => order.slice(b * batchSize, (b + 1) * batchSize));
}

const since = (t0: number): number => performance.now() - t0;

interface BatchTally {
  retrieved: number;
  decomposed: number;
  queries: number;
  retrievalMs: number;
  decompositionalityMs: number;
}

/**
 * Decompositionality and retrieval over the planned batches. Retrieval's time covers loading the images and the
 * whole-image and crop features; decompositionality's only the extra pass over the excised images.
 */
async function batchMetrics(
  extractor: FeatureExtractor,
  batches: readonly (readonly AnalysisImage[])[],
  settings: FeatureSettings,
  rng: Rng,
  area: Range,
  pooled: PooledOptions,
  stage: (name: string) => void,
): Promise<BatchTally> {
  const tally: BatchTally = { retrieved: 0, decomposed: 0, queries: 0, retrievalMs: 0, decompositionalityMs: 0 };
  for (const batch of batches) {
    let t0 = performance.now();
    stage('retrieval');
    const inputs = await batchInputs(batch, rng, settings.inputSize, area, pooled.signal);
    const whole = await pooledFeatures(extractor, inputs.whole, settings, pooled);
    const crop = await pooledFeatures(extractor, inputs.crop, settings, pooled);
    tally.retrieved += retrievalHits({ whole, crop });
    tally.retrievalMs += since(t0);
    t0 = performance.now();
    stage('decompositionality');
    const excised = await pooledFeatures(extractor, inputs.excised, settings, pooled);
    tally.decomposed += decompositionalityHits({ whole, crop, excised });
    tally.decompositionalityMs += since(t0);
    tally.queries += batch.length;
  }
  return tally;
}

/**
 * Spec §6's frozen-backbone evaluations for one extractor (checkpoint, random init or raw pixels) on a set of
 * test images: compositionality, decompositionality accuracy, patch→image retrieval top-1, and optionally the
 * landmark correspondence error. Every random draw derives from `seed`, so a report is reproducible.
 */
export async function modelReport(extractor: FeatureExtractor, images: readonly AnalysisImage[], options: ReportOptions = {}): Promise<ModelReportResult> {
  // An option passed as undefined keeps its default.
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as ReportOptions;
  const o = { ...REPORT_DEFAULTS, ...given };
  const settings = pooledSettings(extractor, o.inputSize);
  validateSettings(settings, extractor.patchSize, extractor.depth, `model report for ${extractor.label}`);
  if (!Number.isInteger(o.batchSize) || o.batchSize < 2) throw new RangeError(`model report: batch size ${o.batchSize} must be an integer ≥ 2`);
  if (!Number.isInteger(o.batches) || o.batches < 0) throw new RangeError(`model report: batches ${o.batches} must be a non-negative integer`);
  const batches = planBatches(images.length, o.batchSize, o.batches, o.seed).map((b) => b.map((i) => images[i]!));
  const patches = images.length > 0 ? o.compositionalityPatches : 0;
  const planned = 5 * patches + 3 * batches.reduce((s, b) => s + b.length, 0);
  let done = 0;
  let stage = 'compositionality';
  const pooled: PooledOptions = { batch: o.extractBatch, signal: o.signal, onExtracted: (n) => o.onProgress?.((done += n), planned, stage) };

  let t0 = performance.now();
  const compRng = createRng(deriveSeed(o.seed, 'report:compositionality'));
  const comp = patches > 0 ? await compositionality(extractor, images, settings, compRng, { ...pooled, patches, side: o.patchSide }) : null;
  const compositionalityMs = since(t0);

  const tally = await batchMetrics(extractor, batches, settings, createRng(deriveSeed(o.seed, 'report:crops')), o.cropArea, pooled, (name) => (stage = name));

  const evaluate = typeof o.landmarks === 'function' ? o.landmarks : null;
  if (evaluate) o.onProgress?.(done, planned, 'landmarks');
  t0 = performance.now();
  const landmarks = evaluate ? await evaluate(o.signal) : ((o.landmarks as LandmarkSummary | undefined) ?? null);
  const landmarksMs = evaluate ? since(t0) : 0;

  const { queries } = tally;
  return {
    extractorId: extractor.id,
    extractorLabel: extractor.label,
    settings: {
      seed: o.seed,
      feature: settings,
      compositionalityPatches: patches,
      patchSide: [...o.patchSide],
      batchSize: o.batchSize,
      batches: batches.length,
      cropArea: [...o.cropArea],
      images: images.length,
    },
    metrics: {
      compositionality: comp && { mean: comp.mean, std: comp.std, kde: comp.kde, values: comp.values },
      decompositionalityAccuracy: queries > 0 ? tally.decomposed / queries : null,
      retrievalTop1: queries > 0 ? tally.retrieved / queries : null,
      queries,
      landmarks,
      timingsMs: { compositionality: compositionalityMs, retrieval: tally.retrievalMs, decompositionality: tally.decompositionalityMs, landmarks: landmarksMs },
    },
  };
}
