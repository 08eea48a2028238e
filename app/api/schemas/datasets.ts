import { z } from 'zod';
import { displayName } from './names';

export const DatasetName = displayName('Dataset');

export const CacheSettingsSchema = z.object({
  longSide: z.number().int().min(64, 'Working resolution must be at least 64 px.').max(4096, 'Working resolution must be at most 4096 px.'),
  depth: z.union([z.literal(8), z.literal(16)]),
  thumbSize: z.number().int().min(32).max(512),
});

export const Dataset = z.object({
  id: z.number().int().positive(),
  projectId: z.number().int().positive(),
  name: z.string(),
  kind: z.enum(['imported', 'sample']),
  settings: CacheSettingsSchema,
  createdAt: z.string(),
  counts: z.object({
    total: z.number().int().nonnegative(),
    ok: z.number().int().nonnegative(),
    duplicate: z.number().int().nonnegative(),
    noImage: z.number().int().nonnegative(),
    error: z.number().int().nonnegative(),
  }),
});
export type Dataset = z.infer<typeof Dataset>;

export const ImageStatus = z.enum(['ok', 'duplicate', 'no_image', 'error']);

export const ImageSummary = z.object({
  id: z.number().int().positive(),
  sourcePath: z.string(),
  fileName: z.string(),
  status: ImageStatus,
  error: z.string().nullable(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  modality: z.string().nullable(),
  view: z.string().nullable(),
  sex: z.string().nullable(),
  ageYears: z.number().nullable(),
  duplicateOf: z.number().int().nullable(),
  hasThumbnail: z.boolean(),
});
export type ImageSummary = z.infer<typeof ImageSummary>;

export const ImageDetail = ImageSummary.extend({
  datasetId: z.number().int().positive(),
  contentHash: z.string().nullable(),
  format: z.string().nullable(),
  fileSize: z.number().int().nullable(),
  createdAt: z.string(),
  metadata: z.record(z.string(), z.unknown()),
});
export type ImageDetail = z.infer<typeof ImageDetail>;

export const ImageQuery = z.object({
  datasetId: z.number().int().positive(),
  status: ImageStatus.optional(),
  view: z.string().max(64).optional(),
  modality: z.string().max(64).optional(),
  sex: z.string().max(16).optional(),
  search: z.string().max(500).optional(),
  sort: z.enum(['path', 'imported', 'size', 'age']).default('path'),
  descending: z.boolean().default(false),
  offset: z.number().int().nonnegative().default(0),
  limit: z.number().int().min(1).max(1000).default(200),
});

export const Facets = z.object({
  status: z.record(z.string(), z.number()),
  view: z.record(z.string(), z.number()),
  modality: z.record(z.string(), z.number()),
  sex: z.record(z.string(), z.number()),
});
export type Facets = z.infer<typeof Facets>;

export const ImportFailure = z.object({ path: z.string(), reason: z.string() });

export const ImportSummary = z.object({
  importId: z.number().int().positive(),
  datasetId: z.number().int().positive(),
  status: z.enum(['finished', 'cancelled']),
  found: z.number().int().nonnegative(),
  imported: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  noImage: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  ignored: z.number().int().nonnegative(),
  failures: z.array(ImportFailure),
  seconds: z.number().nonnegative(),
  imagesPerSecond: z.number().nonnegative(),
});
export type ImportSummary = z.infer<typeof ImportSummary>;

export const ImportRecord = z.object({
  id: z.number().int().positive(),
  datasetId: z.number().int().positive(),
  sources: z.array(z.string()),
  status: z.enum(['running', 'finished', 'cancelled', 'interrupted', 'failed']),
  found: z.number().int(),
  imported: z.number().int(),
  duplicates: z.number().int(),
  noImage: z.number().int(),
  failed: z.number().int(),
  skipped: z.number().int(),
  error: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ImportRecord = z.infer<typeof ImportRecord>;
