import path from 'node:path';
import type { CosegmentOutput } from '../../api/schemas/explore';
import { prepareCosegmentation, type Cosegmentation, type CosegmentResult } from '../cosegment/cosegment';
import { writeCosegmentation } from '../cosegment/export';
import { cosegmentGuides } from '../cosegment/guides';
import type { ImageRef } from '../refs';
import type { AnalysisContext } from '../worker/context';
import { analysisImage, elapsedSince, openSource, type SourceInput } from './common';

export interface CosegmentRequest extends SourceInput {
  readonly images: readonly ImageRef[];
  readonly parts: number;
}

export interface CosegmentExportRequest extends CosegmentRequest {
  readonly outDir: string;
  /** Source file names: the label PNGs are named after them. */
  readonly names: readonly string[];
}

/** Features and stage 1 are kept per (source, settings, images): changing K only reruns stage 2 and smoothing. */
async function prepared(req: CosegmentRequest, ctx: AnalysisContext): Promise<{ label: string; coseg: Cosegmentation; extra: Record<string, unknown> }> {
  const { extractor, settings } = await openSource(req, ctx);
  const key = JSON.stringify(['cosegment', extractor.id, settings.coarse, req.images.map((r) => r.key)]);
  const coseg = await ctx.memo(key, async () => {
    const images = req.images.map(analysisImage);
    const maps = await ctx.features.features(extractor, images, settings.coarse, { signal: ctx.signal, onProgress: (done, total) => ctx.progress(done, total, 'features') });
    ctx.progress(0, null, 'clustering');
    const guides = await cosegmentGuides(images);
    return prepareCosegmentation(maps.map((map, i) => ({ map, image: guides[i]! })));
  });
  return { label: extractor.label, coseg, extra: { source: extractor.label, feature: settings.coarse } };
}

function preview(result: CosegmentResult, refs: readonly ImageRef[]): CosegmentOutput['images'] {
  // The smoothing grid's labels (≤ 256 px) are what the renderer overlays; the export writes source size.
  return result.images.map((image, i) => {
    const { width, height, labels } = image.grid;
    return {
      imageId: refs[i]!.id,
      width: image.width,
      height: image.height,
      labels: { rows: height, cols: width, base64: Buffer.from(labels.buffer, labels.byteOffset, labels.byteLength).toString('base64') },
      partFractions: image.fractions.slice(1),
    };
  });
}

export async function cosegment(req: CosegmentRequest, ctx: AnalysisContext): Promise<CosegmentOutput> {
  const start = performance.now();
  const { label, coseg } = await prepared(req, ctx);
  const result = coseg.segment(req.parts);
  return {
    sourceLabel: label,
    legend: result.legend.map((l) => ({ index: l.index, name: l.name, color: l.color })),
    clusters: coseg.stage1.k,
    foregroundClusters: coseg.stage1.foreground.length,
    images: preview(result, req.images),
    elapsedMs: elapsedSince(start),
  };
}

export async function exportCosegment(req: CosegmentExportRequest, ctx: AnalysisContext): Promise<{ outDir: string; files: string[] }> {
  const { coseg, extra } = await prepared(req, ctx);
  const outDir = path.resolve(req.outDir);
  const files = await writeCosegmentation(outDir, coseg.segment(req.parts), req.names, { settings: coseg.settings, stage1: coseg.stage1, source: extra });
  return { outDir, files };
}
