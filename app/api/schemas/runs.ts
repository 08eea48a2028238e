import { z } from 'zod';
import { METHODS } from '../../ssl/train/config';
import { VIT_PRESETS } from '../../ssl/nn/vit';
import { displayName } from './names';

export const RunStatus = z.enum(['queued', 'running', 'paused', 'finished', 'failed', 'interrupted']);
export type RunStatus = z.infer<typeof RunStatus>;

/**
 * What the new-run form sets. Everything else of the training recipe keeps the method's defaults
 * (app/ssl/train/config.ts) and is stored with the run, so a run is always fully described.
 */
export const RunSettings = z.object({
  method: z.enum(METHODS),
  backbone: z.enum(Object.keys(VIT_PRESETS) as [string, ...string[]]),
  imageSize: z.number().int().min(64, 'Image size must be at least 64 px.').max(2048, 'Image size must be at most 2048 px.'),
  batch: z.number().int().min(1).max(4096),
  microBatch: z.number().int().min(1).max(256),
  epochs: z.number().int().min(1).max(10_000),
  /** Stop after this many steps although the schedules span every epoch (short runs). */
  maxSteps: z.number().int().min(1).optional(),
  lr: z.number().positive().max(1),
  warmupEpochs: z.number().int().min(0),
  checkpointEvery: z.number().int().min(1, 'Checkpoint interval must be at least 1 step.'),
  seed: z.number().int().min(0),
  /** Smaller heads for small machines and quick runs (the papers use 65536). */
  dinoOutDim: z.number().int().min(16).max(65536).optional(),
  /** Advanced: grid cell (= patch) size, crop size in cells, and backbone size overrides for small experiments. */
  cellSize: z.number().int().min(4).max(64).optional(),
  cropCells: z.number().int().min(2).max(32).optional(),
  embedDim: z.number().int().min(8).max(1024).optional(),
  depth: z.number().int().min(1).max(24).optional(),
  numHeads: z.number().int().min(1).max(16).optional(),
});
export type RunSettings = z.infer<typeof RunSettings>;

export const CreateRun = z.object({
  projectId: z.number().int().positive(),
  datasetIds: z.array(z.number().int().positive()).min(1, 'Choose at least one dataset.'),
  name: displayName('Run').optional(),
  settings: RunSettings,
});

export const Run = z.object({
  id: z.number().int().positive(),
  projectId: z.number().int().positive(),
  name: z.string(),
  method: z.string(),
  status: RunStatus,
  backend: z.string().nullable(),
  codeVersion: z.string(),
  seed: z.number().int(),
  datasetIds: z.array(z.number().int()),
  images: z.number().int(),
  dataHash: z.string().nullable(),
  stepsDone: z.number().int(),
  stepsTotal: z.number().int(),
  /** Last value of each loss term. */
  losses: z.record(z.string(), z.number()),
  checkpoints: z.number().int(),
  lastCheckpointStep: z.number().int().nullable(),
  error: z.string().nullable(),
  config: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type Run = z.infer<typeof Run>;

export const MetricSeries = z.object({
  name: z.string(),
  steps: z.array(z.number()),
  values: z.array(z.number()),
  wallTimes: z.array(z.number()),
});
export type MetricSeries = z.infer<typeof MetricSeries>;

/** Which network of a teacher–student method to export or preview (DINO releases the teacher). */
export const ExportWeights = z.enum(['teacher', 'student']);
export type ExportWeights = z.infer<typeof ExportWeights>;

export const ExportRunInput = z.object({
  id: z.number().int().positive(),
  /** Absolute folder path on the studio host; created, or replaced when empty (or with force). */
  out: z.string().trim().min(1, 'Choose an output folder.'),
  /** Default: the teacher (as DINO releases it), the student for Barlow Twins (which has no teacher). */
  weights: ExportWeights.optional(),
  force: z.boolean().default(false),
});

export const RunExport = z.object({
  dir: z.string(),
  weights: ExportWeights,
  step: z.number().int(),
  parameters: z.number().int(),
  checkpointSha256: z.string(),
  files: z.array(z.object({ path: z.string(), bytes: z.number().int() })),
});
export type RunExport = z.infer<typeof RunExport>;

/** A rectangle in pixels of the image it refers to. */
export const PixelRect = z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() });
export type PixelRect = z.infer<typeof PixelRect>;

export const SampleView = z.object({
  label: z.string(),
  /** Where the crop lies in the cached image, in its pixels. */
  box: PixelRect,
  /** Tokens per side of the view's grid (the network sees tokens × tokens patches). */
  tokens: z.number().int().positive(),
  /** 0/1 per token, row-major: 1 where the token lies in the other view too. */
  overlap: z.array(z.number().int().min(0).max(1)),
});
export type SampleView = z.infer<typeof SampleView>;

/** One training sample's two views as the method's geometry draws them (before intensity augmentations). */
export const RunSample = z.object({
  runId: z.number().int().positive(),
  imageId: z.number().int().positive(),
  method: z.string(),
  /** Size of the cached image the boxes refer to. */
  source: z.object({ width: z.number().int().positive(), height: z.number().int().positive() }),
  /** The centre square the trainer loads (resized to imageSide px). */
  square: PixelRect,
  imageSide: z.number().int().positive(),
  views: z.tuple([SampleView, SampleView]),
  /** Intersection of the two crops, or null when they do not meet. */
  overlap: PixelRect.nullable(),
  /** A few matched tokens [token of view 1, token of view 2] (row-major indices), spread over the overlap. */
  pairs: z.array(z.tuple([z.number().int().min(0), z.number().int().min(0)])),
  note: z.string(),
});
export type RunSample = z.infer<typeof RunSample>;

/** The latest probe preview of a run: what its (teacher) backbone makes of a fixed image. */
export const RunPreview = z.object({
  runId: z.number().int().positive(),
  step: z.number().int(),
  weights: ExportWeights,
  probeImageId: z.number().int().positive().nullable(),
  rows: z.number().int().positive(),
  cols: z.number().int().positive(),
  dim: z.number().int().positive(),
  inputSize: z.number().int().positive(),
  /** PNG data URLs: the network input (grey) and the first three principal components of the tokens as RGB (rows × cols). */
  probe: z.string(),
  pca: z.string(),
  /** Fraction of the token variance each of the three components explains. */
  explained: z.array(z.number()),
  /** What the preview cost the trainer, in ms. */
  ms: z.number(),
  createdAt: z.string(),
});
export type RunPreview = z.infer<typeof RunPreview>;

export const SimilarityMap = z.object({
  step: z.number().int(),
  rows: z.number().int().positive(),
  cols: z.number().int().positive(),
  /** The token the point falls in. */
  row: z.number().int().min(0),
  col: z.number().int().min(0),
  /** Cosine similarity of every token to that one, row-major. */
  values: z.array(z.number()),
});
export type SimilarityMap = z.infer<typeof SimilarityMap>;
