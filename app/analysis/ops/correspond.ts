import type { CorrespondOutput } from '../../api/schemas/explore';
import { featureMaps } from '../correspondence/runner';
import { matchDescriptors, queryDescriptors } from '../correspondence/match';
import { tokenCenter } from '../features/grid';
import type { FeatureMap } from '../features/types';
import type { ImageRef } from '../refs';
import type { AnalysisContext } from '../worker/context';
import { analysisImage, elapsedSince, openSource, stageProgress, type SourceInput } from './common';

/** The frame rectangle tiled by stride-sized cells centred on the tokens (see the Heatmap schema). */
export function cellExtent(map: FeatureMap): { x0: number; y0: number; x1: number; y1: number } {
  const first = tokenCenter(map, 0, 0);
  const last = tokenCenter(map, map.rows - 1, map.cols - 1);
  const hx = (map.stride / 2) * (map.imageWidth / map.inputSize);
  const hy = (map.stride / 2) * (map.imageHeight / map.inputSize);
  return { x0: first.x - hx, y0: first.y - hy, x1: last.x + hx, y1: last.y + hy };
}

export interface CorrespondRequest extends SourceInput {
  readonly query: ImageRef;
  readonly point: { readonly x: number; readonly y: number };
  readonly keys: readonly ImageRef[];
}

/** One clicked point → a coarse similarity heat map and the coarse-to-fine best match on every key image. */
export async function correspond(req: CorrespondRequest, ctx: AnalysisContext): Promise<CorrespondOutput> {
  const start = performance.now();
  const { extractor, settings } = await openSource(req, ctx);
  const refs = [req.query, ...req.keys];
  const maps = await featureMaps(ctx.features, extractor, new Map(refs.map((r) => [String(r.id), analysisImage(r)])), settings, {
    signal: ctx.signal,
    onProgress: stageProgress(ctx),
  });
  const query = queryDescriptors(maps.get(String(req.query.id))!, req.point);
  return {
    sourceLabel: extractor.label,
    keys: req.keys.map((ref) => {
      const key = maps.get(String(ref.id))!;
      const { coarse: heat, ...match } = matchDescriptors(query, key);
      return {
        imageId: ref.id,
        width: ref.width,
        height: ref.height,
        match,
        heatmap: { rows: heat.rows, cols: heat.cols, values: Array.from(heat.values), extent: cellExtent(key.coarse) },
      };
    }),
    elapsedMs: elapsedSince(start),
  };
}
