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
