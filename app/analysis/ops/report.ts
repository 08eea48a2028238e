import { modelReport, type ModelReportResult } from '../report/model-report';
import type { ImageRef } from '../refs';
import type { AnalysisContext } from '../worker/context';
import { analysisImage, openSource, type SourceInput } from './common';
import { evaluateLandmarks, type LandmarkEvalRequest } from './landmarks';

export interface ReportRequest extends SourceInput {
  readonly images: readonly ImageRef[];
  readonly seed: number;
  /** With annotations: the landmark-transfer error joins the report. */
  readonly landmarks?: Omit<LandmarkEvalRequest, 'spec' | 'settings'>;
}

/** Spec §6's frozen-backbone metrics for one feature source; the host stores the result. */
export async function report(req: ReportRequest, ctx: AnalysisContext): Promise<ModelReportResult> {
  const { extractor } = await openSource(req, ctx);
  const { landmarks } = req;
  return modelReport(extractor, req.images.map(analysisImage), {
    seed: req.seed,
    signal: ctx.signal,
    onProgress: (done, total, stage) => ctx.progress(done, total, stage),
    landmarks: landmarks
      ? async () => {
          const r = await evaluateLandmarks({ ...landmarks, spec: req.spec, settings: req.settings }, ctx);
          return { meanPx: r.overall.meanPx, medianPx: r.overall.medianPx, pck25: r.overall.pck25, pck50: r.overall.pck50, pck100: r.overall.pck100, pairs: r.pairs };
        }
      : undefined,
  });
}
