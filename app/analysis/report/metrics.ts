import { z } from 'zod';
import { FACETS } from '../features/types';

/** What a model report measures and how, as stored in `model_reports` (parsed with these schemas on the way out). */

const Fraction = z.number().min(0).max(1);
const RangeSchema = z.tuple([z.number(), z.number()]);

export const LandmarkSummary = z.object({
  meanPx: z.number(),
  medianPx: z.number(),
  pck25: Fraction,
  pck50: Fraction,
  pck100: Fraction,
  /** Image pairs the errors were measured on. */
  pairs: z.number().int().nonnegative(),
});
export type LandmarkSummary = z.infer<typeof LandmarkSummary>;

export const ReportMetrics = z.object({
  compositionality: z
    .object({
      mean: z.number(),
      std: z.number(),
      kde: z.object({ x: z.array(z.number()), y: z.array(z.number()) }),
      values: z.array(z.number()),
    })
    .nullable(),
  decompositionalityAccuracy: Fraction.nullable(),
  retrievalTop1: Fraction.nullable(),
  /** Queries behind the two accuracies (batches × batch size). */
  queries: z.number().int().nonnegative(),
  landmarks: LandmarkSummary.nullable(),
  /**
   * Wall time per metric. Decompositionality reuses retrieval's whole-image and crop features, so its time is
   * only the extra pass over the excised images; landmarks is 0 for a precomputed summary.
   */
  timingsMs: z.object({ compositionality: z.number(), retrieval: z.number(), decompositionality: z.number(), landmarks: z.number() }),
});
export type ReportMetrics = z.infer<typeof ReportMetrics>;

export const ReportSettings = z.object({
  seed: z.number().int(),
  feature: z.object({
    layer: z.number().int(),
    facet: z.enum(FACETS),
    inputSize: z.number().int().positive(),
    stride: z.number().int().positive(),
    logBin: z.boolean(),
  }),
  compositionalityPatches: z.number().int().nonnegative(),
  patchSide: RangeSchema,
  batchSize: z.number().int().positive(),
  batches: z.number().int().nonnegative(),
  cropArea: RangeSchema,
  images: z.number().int().nonnegative(),
});
export type ReportSettings = z.infer<typeof ReportSettings>;
