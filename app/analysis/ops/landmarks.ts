import type { LandmarkErrorStats, LandmarkEvalOutput } from '../../api/schemas/explore';
import { evaluatePredictions, unchangedPredictions, type ErrorSummary, type TransferCase } from '../correspondence/evaluate';
import { runCorrespondence } from '../correspondence/runner';
import type { AnnotatedImage, ImageRef } from '../refs';
import type { AnalysisContext } from '../worker/context';
import { analysisImage, elapsedSince, openSource, stageProgress, type SourceInput } from './common';

export interface LandmarkEvalRequest extends SourceInput {
  readonly images: readonly ImageRef[];
  readonly annotated: readonly AnnotatedImage[];
  /** Template point id → display name. */
  readonly names: Readonly<Record<string, string>>;
  readonly pairs: readonly (readonly [number, number])[];
}

const WORST = 20;

const stats = (s: ErrorSummary): Omit<LandmarkErrorStats, 'landmark' | 'box'> => ({
  count: s.n,
  meanPx: s.mean,
  medianPx: s.median,
  pck25: s.pck[25] ?? 0,
  pck50: s.pck[50] ?? 0,
  pck100: s.pck[100] ?? 0,
});

/** Transfers each query's annotated landmarks to its key and scores them against the key's own annotations. */
export async function evaluateLandmarks(req: LandmarkEvalRequest, ctx: AnalysisContext): Promise<LandmarkEvalOutput> {
  const start = performance.now();
  if (req.pairs.length === 0) throw new Error('Landmark evaluation needs at least two annotated images of the dataset.');
  const { extractor, settings } = await openSource(req, ctx);
  const refs = new Map(req.images.map((r) => [String(r.id), r]));
  const truth = new Map(req.annotated.map((a) => [String(a.imageId), a.points]));
  const cases: TransferCase[] = req.pairs.map(([q, k]) => {
    const query = refs.get(String(q))!;
    const key = refs.get(String(k))!;
    return { query: query.id.toString(), key: key.id.toString(), queryWidth: query.width, queryHeight: query.height, keyWidth: key.width, keyHeight: key.height, points: truth.get(String(q)) ?? {} };
  });
  const images = new Map([...refs].map(([name, ref]) => [name, analysisImage(ref)]));
  const predictions = await runCorrespondence(ctx.features, extractor, images, cases, settings, { signal: ctx.signal, onProgress: stageProgress(ctx) });
  const evaluation = evaluatePredictions(predictions, truth);
  const reference = evaluatePredictions(unchangedPredictions(cases), truth);
  const named = (id: string): string => req.names[id] ?? id;
  const byCase = new Map(predictions.map((p) => [`${p.query}/${p.key}/${p.landmark}`, p]));
  return {
    sourceLabel: extractor.label,
    pairs: cases.length,
    overall: stats(evaluation.overall),
    unchanged: stats(reference.overall),
    perLandmark: Object.entries(evaluation.perLandmark).map(([landmark, s]) => ({ landmark: named(landmark), ...stats(s), box: { ...s.box, outliers: [...s.box.outliers] } })),
    worst: evaluation.worst.slice(0, WORST).map((c) => {
      const p = byCase.get(`${c.query}/${c.key}/${c.landmark}`)!;
      return {
        queryImageId: Number(c.query),
        keyImageId: Number(c.key),
        landmark: named(c.landmark),
        errorPx: c.error,
        predicted: { x: p.x, y: p.y },
        truth: truth.get(c.key)![c.landmark]!,
        query: truth.get(c.query)![c.landmark]!,
      };
    }),
    elapsedMs: elapsedSince(start),
  };
}
