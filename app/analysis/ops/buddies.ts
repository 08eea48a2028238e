import type { BuddiesOutput } from '../../api/schemas/explore';
import { mutualNearestNeighbours, spreadBuddies } from '../correspondence/best-buddies';
import type { ImageRef } from '../refs';
import type { AnalysisContext } from '../worker/context';
import { analysisImage, elapsedSince, openSource, type SourceInput } from './common';

export interface BuddiesRequest extends SourceInput {
  readonly a: ImageRef;
  readonly b: ImageRef;
  readonly count: number;
}

/** Best buddies on the coarse grid: spread-out mutual nearest neighbours between two images. */
export async function buddies(req: BuddiesRequest, ctx: AnalysisContext): Promise<BuddiesOutput> {
  const start = performance.now();
  const { extractor, settings } = await openSource(req, ctx);
  const [a, b] = await ctx.features.features(extractor, [analysisImage(req.a), analysisImage(req.b)], settings.coarse, {
    signal: ctx.signal,
    onProgress: (done, total) => ctx.progress(done, total, 'features'),
  });
  const mutual = await mutualNearestNeighbours(a!, b!);
  const pairs = spreadBuddies(a!, b!, mutual, { count: req.count });
  return { sourceLabel: extractor.label, pairs: pairs.map((p) => ({ a: p.a, b: p.b, score: p.score })), mutualCount: mutual.a.length, elapsedMs: elapsedSince(start) };
}
