import type { EmbeddingOutput } from '../../api/schemas/explore';
import { landmarkEmbedding } from '../embeddings/landmark-embedding';
import type { Projection } from '../embeddings/projection';
import type { PartnerPair } from '../embeddings/symmetry';
import type { AnnotatedImage, ImageRef } from '../refs';
import type { AnalysisContext } from '../worker/context';
import { analysisImage, elapsedSince, openSource, type SourceInput } from './common';

export interface EmbeddingRequest extends SourceInput {
  readonly images: readonly ImageRef[];
  readonly annotated: readonly AnnotatedImage[];
  readonly names: Readonly<Record<string, string>>;
  readonly partners: readonly PartnerPair[];
  readonly projection: Projection;
  readonly symmetry: boolean;
  readonly seed: number;
}

/** Pooled features of the patches around annotated landmarks, projected to 2-D and coloured by landmark. */
export async function embeddings(req: EmbeddingRequest, ctx: AnalysisContext): Promise<EmbeddingOutput> {
  const start = performance.now();
  const { extractor } = await openSource(req, ctx);
  const refs = new Map(req.images.map((r) => [r.id, r]));
  const images = req.annotated.map((a) => ({
    imageId: a.imageId,
    image: analysisImage(refs.get(a.imageId)!),
    points: Object.entries(a.points).map(([landmark, p]) => ({ landmark, x: p.x, y: p.y })),
  }));
  const result = await landmarkEmbedding(extractor, images, {
    projection: req.projection,
    mirror: req.symmetry,
    partners: req.partners,
    seed: req.seed,
    signal: ctx.signal,
    onProgress: (done, total, stage) => ctx.progress(done, total, stage),
  });
  return {
    sourceLabel: extractor.label,
    points: result.points.map((p) => ({ x: p.x, y: p.y, landmark: req.names[p.landmark] ?? p.landmark, imageId: p.imageId, flipped: p.flipped, patch: p.patch })),
    symmetry: result.symmetry && { flippedToPartner: result.symmetry.flippedToPartner, unflippedToPartner: result.symmetry.unflippedToPartner },
    elapsedMs: elapsedSince(start),
  };
}
