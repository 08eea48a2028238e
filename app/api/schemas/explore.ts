import { z } from 'zod';

/**
 * Explore: what a model learned. Every operation names a feature source — a run's latest checkpoint or one of
 * the two baselines — and optional feature settings; positions are always in the original image frame
 * (x = column, y = row, pixels).
 */
const Id = z.number().int().positive();

/** `run:<id>` (its latest checkpoint), `random` (same architecture as `like`, else ViT-T/16) or `pixels`. */
export const FeatureSourceRef = z.union([
  /** The teacher by default (DINO's convention); the student moves faster early in a run. */
  z.object({ kind: z.literal('run'), runId: Id, weights: z.enum(['teacher', 'student']).optional() }),
  z.object({ kind: z.literal('random'), likeRunId: Id.optional() }),
  z.object({ kind: z.literal('pixels') }),
]);
export type FeatureSourceRef = z.infer<typeof FeatureSourceRef>;

export const FeatureSettingsInput = z.object({
  layer: z.number().int().min(-1).max(63).optional(),
  facet: z.enum(['token', 'key', 'query', 'value']).optional(),
  inputSize: z.number().int().min(16).max(2048).optional(),
  stride: z.number().int().min(1).max(64).optional(),
  logBin: z.boolean().optional(),
});
export type FeatureSettingsInput = z.infer<typeof FeatureSettingsInput>;

export const FeatureSource = z.object({
  ref: FeatureSourceRef,
  label: z.string(),
  /** Why the source cannot be used now (e.g. the run has no checkpoint yet); null when usable. */
  unavailable: z.string().nullable(),
  method: z.string().nullable(),
  step: z.number().int().nullable(),
  patchSize: z.number().int().nullable(),
});
export type FeatureSource = z.infer<typeof FeatureSource>;

export const Point = z.object({ x: z.number(), y: z.number() });
export type Point = z.infer<typeof Point>;

/**
 * A small grid of floats (row-major), e.g. a similarity heat map over the key's token grid. `extent` is the
 * rectangle of the original frame the cells tile (each token drawn as a stride-sized cell around its centre):
 * with overlapping tokens it stops (patch − stride)/2 input pixels short of the image edges.
 */
export const Heatmap = z.object({
  rows: z.number().int(),
  cols: z.number().int(),
  values: z.array(z.number()),
  extent: z.object({ x0: z.number(), y0: z.number(), x1: z.number(), y1: z.number() }),
});
export type Heatmap = z.infer<typeof Heatmap>;

export const CorrespondInput = z.object({
  source: FeatureSourceRef,
  settings: FeatureSettingsInput.optional(),
  queryImageId: Id,
  point: Point,
  keyImageIds: z.array(Id).min(1).max(12),
});
export const CorrespondOutput = z.object({
  sourceLabel: z.string(),
  keys: z.array(z.object({ imageId: Id, width: z.number(), height: z.number(), match: Point.extend({ score: z.number() }), heatmap: Heatmap })),
  elapsedMs: z.number(),
});
export type CorrespondOutput = z.infer<typeof CorrespondOutput>;

export const BuddiesInput = z.object({
  source: FeatureSourceRef,
  settings: FeatureSettingsInput.optional(),
  imageA: Id,
  imageB: Id,
  count: z.number().int().min(1).max(50).default(10),
});
export const BuddiesOutput = z.object({
  sourceLabel: z.string(),
  pairs: z.array(z.object({ a: Point, b: Point, score: z.number() })),
  mutualCount: z.number().int(),
  elapsedMs: z.number(),
});
export type BuddiesOutput = z.infer<typeof BuddiesOutput>;

const PairSelection = z.object({
  /** Landmarks of this template are transferred from query images to key images. */
  templateId: Id,
  datasetId: Id,
  /** Pairs are drawn among annotated images of the dataset (query ≠ key), seeded. */
  maxPairs: z.number().int().min(1).max(500).default(20),
  seed: z.number().int().min(0).default(0),
});

export const LandmarkEvalInput = z.object({ source: FeatureSourceRef, settings: FeatureSettingsInput.optional() }).extend(PairSelection.shape);

/** Tukey box plot: whiskers at the extreme values within 1.5·IQR of the box, the rest are outliers. */
const BoxStats = z.object({
  min: z.number(),
  q1: z.number(),
  median: z.number(),
  q3: z.number(),
  max: z.number(),
  whiskerLow: z.number(),
  whiskerHigh: z.number(),
  outliers: z.array(z.number()),
});

export const LandmarkErrorStats = z.object({
  landmark: z.string(),
  count: z.number().int(),
  meanPx: z.number(),
  medianPx: z.number(),
  pck25: z.number(),
  pck50: z.number(),
  pck100: z.number(),
  box: BoxStats,
});
export type LandmarkErrorStats = z.infer<typeof LandmarkErrorStats>;

export const LandmarkEvalOutput = z.object({
  sourceLabel: z.string(),
  pairs: z.number().int(),
  overall: LandmarkErrorStats.omit({ landmark: true, box: true }),
  /** Predicting the query position unchanged (scaled to the key frame): the floor any model must beat. */
  unchanged: LandmarkErrorStats.omit({ landmark: true, box: true }),
  perLandmark: z.array(LandmarkErrorStats),
  worst: z.array(
    z.object({ queryImageId: Id, keyImageId: Id, landmark: z.string(), errorPx: z.number(), predicted: Point, truth: Point, query: Point }),
  ),
  elapsedMs: z.number(),
});
export type LandmarkEvalOutput = z.infer<typeof LandmarkEvalOutput>;

export const CosegmentInput = z.object({
  source: FeatureSourceRef,
  settings: FeatureSettingsInput.optional(),
  imageIds: z.array(Id).min(2).max(64),
  parts: z.number().int().min(1).max(12).default(5),
});

export const LegendEntry = z.object({ index: z.number().int(), name: z.string(), color: z.string() });

export const CosegmentOutput = z.object({
  sourceLabel: z.string(),
  legend: z.array(LegendEntry),
  /** Stage-1 clusters chosen by the elbow, and how many of them are common foreground. */
  clusters: z.number().int(),
  foregroundClusters: z.number().int(),
  images: z.array(
    z.object({
      imageId: Id,
      width: z.number().int(),
      height: z.number().int(),
      /** Label map on a working grid (same aspect as the image): base64 of rows·cols bytes, 0 = background. */
      labels: z.object({ rows: z.number().int(), cols: z.number().int(), base64: z.string() }),
      partFractions: z.array(z.number()),
    }),
  ),
  elapsedMs: z.number(),
});
export type CosegmentOutput = z.infer<typeof CosegmentOutput>;

export const CosegmentExportInput = CosegmentInput.extend({ outDir: z.string().min(1) });
export const CosegmentExportOutput = z.object({ outDir: z.string(), files: z.array(z.string()) });

export const EmbeddingInput = z
  .object({ source: FeatureSourceRef, projection: z.enum(['tsne', 'pca', 'umap']).default('tsne'), symmetry: z.boolean().default(false), maxImages: z.number().int().min(2).max(500).default(60) })
  .extend(PairSelection.pick({ templateId: true, datasetId: true, seed: true }).shape);

export const EmbeddingOutput = z.object({
  sourceLabel: z.string(),
  points: z.array(z.object({ x: z.number(), y: z.number(), landmark: z.string(), imageId: Id, flipped: z.boolean(), patch: z.object({ x: z.number(), y: z.number(), size: z.number() }) })),
  /** Mean embedding distance between a landmark's mirrored patch and its left/right partner (lower = more symmetric). */
  symmetry: z.object({ flippedToPartner: z.number(), unflippedToPartner: z.number() }).nullable(),
  elapsedMs: z.number(),
});
export type EmbeddingOutput = z.infer<typeof EmbeddingOutput>;

export const ReportInput = z.object({
  projectId: Id,
  source: FeatureSourceRef,
  /** Images for compositionality, decompositionality and retrieval. */
  datasetId: Id,
  /** With a template, the report includes landmark correspondence error over annotated pairs of the dataset. */
  templateId: Id.optional(),
  seed: z.number().int().min(0).default(0),
});

export const ModelReport = z.object({
  id: Id,
  projectId: Id,
  runId: Id.nullable(),
  sourceKind: z.enum(['checkpoint', 'random', 'pixels']),
  sourceLabel: z.string(),
  createdAt: z.string(),
  metrics: z.object({
    compositionality: z.object({ mean: z.number(), std: z.number(), kde: z.object({ x: z.array(z.number()), y: z.array(z.number()) }) }).nullable(),
    decompositionalityAccuracy: z.number().nullable(),
    retrievalTop1: z.number().nullable(),
    landmarks: z.object({ meanPx: z.number(), medianPx: z.number(), pck25: z.number(), pck50: z.number(), pck100: z.number(), pairs: z.number().int() }).nullable(),
  }),
});
export type ModelReport = z.infer<typeof ModelReport>;
